import { Injectable } from '@nestjs/common';
import { execute, selectOne, selectRows, TransactionRunner, updateVersioned } from '@app/database';
import { RecordScope } from '@app/identity';

/** A person as stored: sensitive values still encrypted (the service decrypts what a caller may see). */
export interface PersonRecord {
  id: string;
  unitId: string;
  recordedBy: string;
  nameAr: string | null;
  nameLatin: string | null;
  birthDate: string | null;
  statedAge: number | null;
  ageStatedOn: string | null;
  sex: string;
  nationality: string | null;
  documentType: string | null;
  documentNumberEnc: string | null;
  phonesEnc: string | null;
  addressEnc: string | null;
  safeToCall: boolean;
  safeToMessage: boolean;
  safeHours: string | null;
  safeContactNoteEnc: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What the service writes: the plaintext already encrypted and hashed, with the look-up hashes beside it. */
export type PersonColumns = Omit<PersonRecord, 'id' | 'unitId' | 'recordedBy' | 'version' | 'createdAt' | 'updatedAt'> & {
  documentHash: string | null;
  phoneHashes: string[];
};

const COLUMN: Record<keyof PersonColumns, string> = {
  nameAr: 'name_ar',
  nameLatin: 'name_latin',
  birthDate: 'birth_date',
  statedAge: 'stated_age',
  ageStatedOn: 'age_stated_on',
  sex: 'sex',
  nationality: 'nationality',
  documentType: 'document_type',
  documentNumberEnc: 'document_number_enc',
  documentHash: 'document_hash',
  phonesEnc: 'phones_enc',
  phoneHashes: 'phone_hashes',
  addressEnc: 'address_enc',
  safeToCall: 'safe_to_call',
  safeToMessage: 'safe_to_message',
  safeHours: 'safe_hours',
  safeContactNoteEnc: 'safe_contact_note_enc',
};

export const PERSON_SELECT = `p.id, p.unit_id, p.recorded_by, p.name_ar, p.name_latin, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, p.stated_age,
  to_char(p.age_stated_on, 'YYYY-MM-DD') AS age_stated_on, p.sex, p.nationality, p.document_type, p.document_number_enc, p.phones_enc,
  p.address_enc, p.safe_to_call, p.safe_to_message, p.safe_hours, p.safe_contact_note_enc, p.version, p.created_at, p.updated_at`;

interface PersonRow {
  id: string;
  unit_id: string;
  recorded_by: string;
  name_ar: string | null;
  name_latin: string | null;
  birth_date: string | null;
  stated_age: number | null;
  age_stated_on: string | null;
  sex: string;
  nationality: string | null;
  document_type: string | null;
  document_number_enc: string | null;
  phones_enc: string | null;
  address_enc: string | null;
  safe_to_call: boolean;
  safe_to_message: boolean;
  safe_hours: string | null;
  safe_contact_note_enc: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const toPersonRecord = (row: PersonRow): PersonRecord => ({
  id: row.id,
  unitId: row.unit_id,
  recordedBy: row.recorded_by,
  nameAr: row.name_ar,
  nameLatin: row.name_latin,
  birthDate: row.birth_date,
  statedAge: row.stated_age,
  ageStatedOn: row.age_stated_on,
  sex: row.sex,
  nationality: row.nationality,
  documentType: row.document_type,
  documentNumberEnc: row.document_number_enc,
  phonesEnc: row.phones_enc,
  addressEnc: row.address_enc,
  safeToCall: row.safe_to_call,
  safeToMessage: row.safe_to_message,
  safeHours: row.safe_hours,
  safeContactNoteEnc: row.safe_contact_note_enc,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A duplicate candidate: only what the suggestion list shows, and what it matched on. */
export interface SuggestionRow {
  id: string;
  nameAr: string | null;
  nameLatin: string | null;
  birthYear: number | null;
  documentMatch: boolean;
  phoneMatch: boolean;
  nameScore: number;
  crossScriptScore: number;
}

export interface SuggestionQuery {
  unitId: string;
  documentHash: string | null;
  phoneHashes: string[];
  arabicKey: string | null;
  latinKey: string | null;
  /** The skeleton of a name typed in Arabic, matched against Latin names, and the reverse. */
  skeletonForLatin: string | null;
  skeletonForArabic: string | null;
  /** Namesakes born within a year of it come first. */
  birthYear: number | null;
  limit: number;
}

/** Name candidates fetched per result wanted: namesakes come in no particular order, the score ranks them. */
const NAME_CANDIDATES_PER_RESULT = 2;

/**
 * Persons. Row-level security keeps every statement inside the caller's unit; reading a whole record
 * takes a RecordScope, which only the access service mints (a subject of a case the caller reads, or
 * a person they recorded).
 */
@Injectable()
export class PersonRepository {
  constructor(private readonly tx: TransactionRunner) {}

  async insert(id: string, unitId: string, recordedBy: string, columns: PersonColumns, at: Date): Promise<void> {
    const names = Object.keys(COLUMN) as (keyof PersonColumns)[];
    await execute(
      this.tx.manager,
      `INSERT INTO person (id, unit_id, recorded_by, ${names.map((name) => COLUMN[name]).join(', ')}, created_at, updated_at)
       VALUES ($1, $2, $3, ${names.map((_, index) => `$${index + 4}`).join(', ')}, $${names.length + 4}, $${names.length + 4})`,
      [id, unitId, recordedBy, ...names.map((name) => columns[name]), at],
    );
  }

  async find(scope: RecordScope<'person'>): Promise<PersonRecord[]> {
    const rows = await selectRows<PersonRow>(this.tx.manager, `SELECT ${PERSON_SELECT} FROM person p WHERE p.id = ANY($1::uuid[])`, [scope.ids]);
    return rows.map(toPersonRecord);
  }

  /** The persons who are active subjects of a case the caller reads (the case's scope proves they may see them). */
  async subjectsOfCase(scope: RecordScope<'case'>): Promise<PersonRecord[]> {
    const rows = await selectRows<PersonRow>(
      this.tx.manager,
      `SELECT ${PERSON_SELECT} FROM person p WHERE p.id IN (SELECT s.person_id FROM case_subject s WHERE s.case_id = $1 AND s.removed_at IS NULL)`,
      [scope.id],
    );
    return rows.map(toPersonRecord);
  }

  async findOne(scope: RecordScope<'person'>): Promise<PersonRecord | undefined> {
    const row = await selectOne<PersonRow>(this.tx.manager, `SELECT ${PERSON_SELECT} FROM person p WHERE p.id = $1`, [scope.id]);
    return row && toPersonRecord(row);
  }

  async update(scope: RecordScope<'person'>, version: number, changes: Partial<PersonColumns>, at: Date): Promise<PersonRecord | undefined> {
    const set = Object.fromEntries(Object.entries(changes).map(([field, value]) => [COLUMN[field as keyof PersonColumns], value]));
    const row = await updateVersioned<PersonRow>(this.tx.manager, {
      table: 'person',
      id: scope.id,
      version,
      set,
      at,
      returning: PERSON_SELECT.replace(/\bp\./g, ''),
    });
    return row && toPersonRecord(row);
  }

  /** Which of `ids` are persons of the caller's unit (row-level security) that the caller may open. */
  async readableIds(ids: readonly string[], userId: string): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      this.tx.manager,
      `SELECT p.id FROM person p WHERE p.id = ANY($1::uuid[]) AND (p.recorded_by = $2 OR EXISTS (
         SELECT 1 FROM case_subject s JOIN case_file c ON c.id = s.case_id WHERE s.person_id = p.id AND s.removed_at IS NULL))`,
      [ids, userId],
    );
    return rows.map((row) => row.id);
  }

  /** Persons of the unit (row-level security) with the same ids as any of `ids`: for attaching existing persons. */
  async inUnit(ids: readonly string[]): Promise<string[]> {
    return (await selectRows<{ id: string }>(this.tx.manager, `SELECT id FROM person WHERE id = ANY($1::uuid[])`, [ids])).map((row) => row.id);
  }

  /**
   * Duplicate candidates in the unit: an exact document or phone match, or persons holding a variant
   * of every typed word of a name, in either script or across (app.person_lookup, the GIN look-up
   * index: a few milliseconds at a million persons), scored here on the whole names.
   */
  async suggestions(query: SuggestionQuery): Promise<SuggestionRow[]> {
    const rows = await selectRows<{
      id: string;
      name_ar: string | null;
      name_latin: string | null;
      birth_year: number | null;
      document_match: boolean;
      phone_match: boolean;
      name_score: number;
      cross_score: number;
    }>(
      this.tx.manager,
      `WITH candidates AS (
         (SELECT id FROM person WHERE $2::text IS NOT NULL AND document_hash = $2 LIMIT $8)
         UNION SELECT app.person_lookup('p', $3::text[], NULL, $8::int)
         UNION SELECT app.person_lookup('a', string_to_array($4, ' '), $9::int, $10::int)
         UNION SELECT app.person_lookup('l', string_to_array($5, ' '), $9::int, $10::int)
         UNION SELECT app.person_lookup('L', string_to_array($6, ' '), $9::int, $10::int)
         UNION SELECT app.person_lookup('A', string_to_array($7, ' '), $9::int, $10::int)
       )
       SELECT p.id, p.name_ar, p.name_latin,
              coalesce(EXTRACT(YEAR FROM p.birth_date), EXTRACT(YEAR FROM p.age_stated_on) - p.stated_age)::int AS birth_year,
              coalesce(p.document_hash = $2, false) AS document_match,
              (p.phone_hashes && $3::text[]) AS phone_match,
              greatest(CASE WHEN p.name_ar IS NULL THEN 0 ELSE coalesce(similarity(p.name_ar_key, $4), 0) END,
                       CASE WHEN p.name_latin IS NULL THEN 0 ELSE coalesce(similarity(p.name_latin_key, $5), 0) END)::float8 AS name_score,
              greatest(CASE WHEN p.name_latin IS NULL THEN 0 ELSE coalesce(similarity(p.skeleton_latin, $6), 0) END,
                       CASE WHEN p.name_ar IS NULL THEN 0 ELSE coalesce(similarity(p.skeleton_ar, $7), 0) END)::float8 AS cross_score
         FROM person p JOIN candidates c ON c.id = p.id WHERE p.unit_id = $1`,
      [
        query.unitId,
        query.documentHash,
        query.phoneHashes,
        query.arabicKey,
        query.latinKey,
        query.skeletonForLatin,
        query.skeletonForArabic,
        query.limit,
        query.birthYear,
        query.limit * NAME_CANDIDATES_PER_RESULT,
      ],
    );
    return rows.map((row) => ({
      id: row.id,
      nameAr: row.name_ar,
      nameLatin: row.name_latin,
      birthYear: row.birth_year,
      documentMatch: row.document_match,
      phoneMatch: row.phone_match,
      nameScore: row.name_score,
      crossScriptScore: row.cross_score,
    }));
  }
}
