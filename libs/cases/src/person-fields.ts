import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, FieldCipher, FieldError, FieldErrorCode, KeyedHasher } from '@app/core';
import { badInput, CasesFieldCode, invalidField } from './cases.exception';
import { CreatePersonDto, UpdatePersonDto } from './dto/person.dto';
import { canonicalDocumentNumber, e164, LOOKUP, normalisedDocumentNumber } from './identifiers';
import { PersonColumns, PersonRecord } from './person.repository';
import { ADULT_AGE, DocumentType } from './vocabulary';

/** Where each sensitive column's ciphertext is bound (AES-GCM associated data): a value moved to another row or column fails. */
export const personContext = (column: 'document_number' | 'phones' | 'address' | 'safe_contact_note', personId: string) => `person.${column}:${personId}`;

export interface PersonPlaintext {
  documentNumber: string | null;
  phones: string[];
  address: string | null;
  safeContactNote: string | null;
}

/** Nobody alive was born earlier; PostgreSQL has no year 0 either (0000-01-01 was a 500). */
const EARLIEST_BIRTH_DATE = '1900-01-01';

const todayOf = (clock: Clock): string => clock.now().toISOString().slice(0, 10);

/** Whole years from `from` to `to` (both YYYY-MM-DD). */
function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/**
 * Turns what an officer typed about a person into stored columns: identifiers normalised (Latin
 * digits, E.164), sensitive values encrypted under the row's id, exact look-ups as keyed hashes; and
 * reads them back. Every refusal names its field, under `prefix` (e.g. `subjects.0.person`).
 */
@Injectable()
export class PersonFields {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly hasher: KeyedHasher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The columns of a new person; throws a 400 naming every bad field. */
  forCreate(personId: string, input: CreatePersonDto, prefix = ''): PersonColumns {
    const errors: FieldError[] = [];
    const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
    if (!input.nameAr && !input.nameLatin)
      errors.push(invalidField(field('nameAr'), CasesFieldCode.NAME_REQUIRED, 'A name in Arabic or Latin script is required'));
    const columns: PersonColumns = {
      nameAr: input.nameAr?.trim() || null,
      nameLatin: input.nameLatin?.trim() || null,
      ...this.age(input.birthDate ?? null, input.statedAge ?? null, field, errors),
      sex: input.sex,
      nationality: input.nationality ?? null,
      ...this.document(personId, input.document ?? null, field, errors),
      ...this.phones(personId, input.phones ?? [], field, errors),
      addressEnc: input.address ? this.cipher.encrypt(input.address, personContext('address', personId)) : null,
      safeToCall: input.safeContact?.callSafe ?? true,
      safeToMessage: input.safeContact?.messageSafe ?? true,
      safeHours: input.safeContact?.safeHours ?? null,
      safeContactNoteEnc: input.safeContact?.note ? this.cipher.encrypt(input.safeContact.note, personContext('safe_contact_note', personId)) : null,
    };
    if (errors.length > 0) throw badInput(errors);
    return columns;
  }

  /** The columns a PATCH changes, merged over the current record for the rules that span fields. */
  forUpdate(current: PersonRecord, input: UpdatePersonDto): Partial<PersonColumns> {
    const errors: FieldError[] = [];
    const field = (name: string) => name;
    const changes: Partial<PersonColumns> = {};
    if (input.nameAr !== undefined) changes.nameAr = input.nameAr?.trim() || null;
    if (input.nameLatin !== undefined) changes.nameLatin = input.nameLatin?.trim() || null;
    const nameAr = changes.nameAr !== undefined ? changes.nameAr : current.nameAr;
    const nameLatin = changes.nameLatin !== undefined ? changes.nameLatin : current.nameLatin;
    if (!nameAr && !nameLatin) errors.push(invalidField('nameAr', CasesFieldCode.NAME_REQUIRED, 'A name in Arabic or Latin script is required'));
    if (input.birthDate !== undefined || input.statedAge !== undefined) {
      const birthDate = input.birthDate !== undefined ? input.birthDate : current.birthDate;
      const statedAge = input.statedAge !== undefined ? input.statedAge : input.birthDate ? null : current.statedAge;
      Object.assign(changes, this.age(birthDate, statedAge, field, errors, input.statedAge === undefined ? current.ageStatedOn : null));
    }
    if (input.sex !== undefined) changes.sex = input.sex;
    if (input.nationality !== undefined) changes.nationality = input.nationality;
    if (input.document !== undefined) Object.assign(changes, this.document(current.id, input.document, field, errors));
    if (input.phones !== undefined) Object.assign(changes, this.phones(current.id, input.phones, field, errors));
    if (input.address !== undefined) changes.addressEnc = input.address ? this.cipher.encrypt(input.address, personContext('address', current.id)) : null;
    if (input.safeContact !== undefined) {
      changes.safeToCall = input.safeContact?.callSafe ?? true;
      changes.safeToMessage = input.safeContact?.messageSafe ?? true;
      changes.safeHours = input.safeContact?.safeHours ?? null;
      changes.safeContactNoteEnc = input.safeContact?.note ? this.cipher.encrypt(input.safeContact.note, personContext('safe_contact_note', current.id)) : null;
    }
    if (errors.length > 0) throw badInput(errors);
    return changes;
  }

  decrypt(person: PersonRecord): PersonPlaintext {
    return { ...this.decryptNumbers(person), address: this.open(person, 'address'), safeContactNote: this.open(person, 'safe_contact_note') };
  }

  /** The document number and phones only: what a masked view shows the last digits of. */
  decryptNumbers(person: PersonRecord): Pick<PersonPlaintext, 'documentNumber' | 'phones'> {
    const phones = this.open(person, 'phones');
    return { documentNumber: this.open(person, 'document_number'), phones: phones ? (JSON.parse(phones) as string[]) : [] };
  }

  private open(person: PersonRecord, column: Parameters<typeof personContext>[0]): string | null {
    const ciphertext = {
      document_number: person.documentNumberEnc,
      phones: person.phonesEnc,
      address: person.addressEnc,
      safe_contact_note: person.safeContactNoteEnc,
    }[column];
    return ciphertext ? this.cipher.decrypt(ciphertext, personContext(column, person.id)) : null;
  }

  /** Under 18 at the clock's today, by birth date or by the stated age and when it was stated; null when unknown. */
  isMinor(person: Pick<PersonRecord, 'birthDate' | 'statedAge' | 'ageStatedOn'>): boolean | null {
    const age = this.ageOf(person);
    return age === null ? null : age < ADULT_AGE;
  }

  /** Whole years at the clock's today (a stated age grows from the day it was stated); null when unknown. */
  ageOf(person: Pick<PersonRecord, 'birthDate' | 'statedAge' | 'ageStatedOn'>): number | null {
    const today = todayOf(this.clock);
    if (person.birthDate) return yearsBetween(person.birthDate, today);
    if (person.statedAge !== null && person.ageStatedOn) return person.statedAge + yearsBetween(person.ageStatedOn, today);
    return null;
  }

  /** The look-up hash of a typed document number (any type: the canonical form is the same). */
  documentHash(raw: string): string {
    return this.hasher.hash(LOOKUP.document, canonicalDocumentNumber(raw));
  }

  phoneHash(raw: string): string | undefined {
    const number = e164(raw, this.config.phoneDefaultRegion);
    return number && this.hasher.hash(LOOKUP.phone, number);
  }

  private age(birthDate: string | null, statedAge: number | null, field: (name: string) => string, errors: FieldError[], statedOn: string | null = null) {
    const today = todayOf(this.clock);
    if (birthDate && statedAge !== null)
      errors.push(invalidField(field('statedAge'), CasesFieldCode.BIRTH_DATE_AND_AGE, 'Give a birth date or an age, not both'));
    if (birthDate && (Number.isNaN(Date.parse(`${birthDate}T00:00:00Z`)) || new Date(`${birthDate}T00:00:00Z`).toISOString().slice(0, 10) !== birthDate)) {
      errors.push(invalidField(field('birthDate'), FieldErrorCode.INVALID, 'birthDate is not a calendar date'));
    } else if (birthDate && birthDate < EARLIEST_BIRTH_DATE) {
      errors.push(invalidField(field('birthDate'), FieldErrorCode.INVALID, `birthDate is before ${EARLIEST_BIRTH_DATE}`));
    } else if (birthDate && birthDate > today) {
      errors.push(invalidField(field('birthDate'), CasesFieldCode.BIRTH_DATE_IN_FUTURE, 'birthDate is in the future'));
    }
    return { birthDate, statedAge, ageStatedOn: statedAge === null ? null : (statedOn ?? today) };
  }

  private document(personId: string, document: { type: string; number: string } | null, field: (name: string) => string, errors: FieldError[]) {
    if (!document) return { documentType: null, documentNumberEnc: null, documentHash: null };
    const number = normalisedDocumentNumber(document.type as DocumentType, document.number);
    if (!number) {
      const code = document.type === 'qatar_id' ? CasesFieldCode.INVALID_QID : CasesFieldCode.INVALID_DOCUMENT_NUMBER;
      errors.push(
        invalidField(field('document.number'), code, document.type === 'qatar_id' ? 'A Qatar ID is 11 digits starting with 2 or 3' : 'Not a document number'),
      );
      return { documentType: null, documentNumberEnc: null, documentHash: null };
    }
    return {
      documentType: document.type,
      documentNumberEnc: this.cipher.encrypt(number, personContext('document_number', personId)),
      documentHash: this.hasher.hash(LOOKUP.document, number),
    };
  }

  private phones(personId: string, raw: string[], field: (name: string) => string, errors: FieldError[]) {
    const numbers = raw.map((typed, index) => {
      const number = e164(typed, this.config.phoneDefaultRegion);
      if (!number) errors.push(invalidField(field(`phones.${index}`), CasesFieldCode.INVALID_PHONE, 'Not a valid phone number'));
      return number ?? '';
    });
    const unique = [...new Set(numbers.filter(Boolean))];
    return {
      phonesEnc: unique.length > 0 ? this.cipher.encrypt(JSON.stringify(unique), personContext('phones', personId)) : null,
      phoneHashes: unique.map((number) => this.hasher.hash(LOOKUP.phone, number)),
    };
  }
}
