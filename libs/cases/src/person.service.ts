import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock, maskedNumber, maskedText, RecordNotFoundException } from '@app/core';
import { createOnce, TransactionRunner } from '@app/database';
import { AccessService, RecordScope } from '@app/identity';
import { badInput, CasesFieldCode, invalidField, searchEmpty } from './cases.exception';
import { PersonRevealView, PersonSummaryView, PersonView, SafeContactView, SuggestionView } from './cases.views';
import { CreatePersonDto, PersonSearchDto, PersonSuggestionsDto, UpdatePersonDto } from './dto/person.dto';
import { SuggestionReason } from './dto/view-enums';
import { CROSS_SCRIPT_SIMILARITY } from './names';
import { nameTermsOf } from './name-terms';
import { PersonFields, PersonPlaintext } from './person-fields';
import { PersonRecord, PersonRepository } from './person.repository';
import { PersonPermission } from './permissions';
import { SearchAudit, SearchTerm } from './search-audit';
import { PersonSensitiveField } from './vocabulary';

/** Name similarity (trigram, same script) from which a candidate counts as a name match. */
const NAME_SIMILARITY = 0.45;
const SUGGESTION_LIMIT = 10;

/**
 * Persons: recorded by a unit, which owns them (DESIGN rule 2). Detail reads need a case the caller
 * reads with the person as a subject, or to have recorded the person; suggestions stay inside the unit
 * and show names and birth years only.
 */
@Injectable()
export class PersonService {
  constructor(
    private readonly persons: PersonRepository,
    private readonly fields: PersonFields,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly searches: SearchAudit,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  create(input: CreatePersonDto, idempotencyKey: string | undefined): Promise<PersonView> {
    const actor = this.access.actor();
    return this.tx.run(async () => {
      const { id, replayed } = await createOnce(this.tx.manager, {
        key: idempotencyKey,
        operation: 'person.create',
        userId: actor.userId,
        body: input,
        at: this.clock.now(),
        create: () => this.insert(input),
      });
      if (!replayed) await this.audit.record({ action: 'person.created', objectType: 'person', objectId: id });
      return this.view(await this.loadOne(await this.scope(PersonPermission.Read, id)));
    });
  }

  /** A new person of the caller's unit, inside the caller's transaction (case intake uses it too). */
  async insert(input: CreatePersonDto, fieldPrefix = ''): Promise<string> {
    const actor = this.access.actor();
    const id = randomUUID();
    await this.persons.insert(id, actor.unitId, actor.userId, this.fields.forCreate(id, input, fieldPrefix), this.clock.now());
    return id;
  }

  get(id: string): Promise<PersonView> {
    return this.tx.run(async () => {
      const person = await this.loadOne(await this.scope(PersonPermission.Read, id));
      await this.audit.record({ action: 'person.viewed', objectType: 'person', objectId: id });
      return this.view(person);
    });
  }

  update(id: string, input: UpdatePersonDto): Promise<PersonView> {
    return this.tx.run(async () => {
      const scope = await this.scope(PersonPermission.Update, id);
      const current = await this.loadOne(scope);
      const { version, ...named } = input;
      const changes = this.fields.forUpdate(current, input);
      const updated = await this.persons.update(scope, version, changes, this.clock.now());
      if (!updated) throw new RecordNotFoundException();
      await this.audit.record({ action: 'person.updated', objectType: 'person', objectId: id, detail: { fields: Object.keys(named).sort() } });
      return this.view(updated);
    });
  }

  reveal(id: string, fields: PersonSensitiveField[]): Promise<PersonRevealView> {
    return this.tx.run(async () => {
      const person = await this.loadOne(await this.scope(PersonPermission.Reveal, id));
      const plain = this.fields.decrypt(person);
      await this.audit.record({ action: 'person.revealed', objectType: 'person', objectId: id, detail: { fields: [...fields].sort() } });
      return revealed(person, plain, fields);
    });
  }

  /** Persons the caller may open (a subject of a case they read, or recorded by them), by exact term or name. */
  search(query: PersonSearchDto): Promise<{ items: PersonSummaryView[] }> {
    if (!query.name && !query.documentNumber && !query.phone) throw searchEmpty();
    const phoneHash = query.phone ? this.fields.phoneHash(query.phone) : undefined;
    if (query.phone && !phoneHash) throw badInput([invalidField('phone', CasesFieldCode.INVALID_PHONE, 'Not a valid phone number')]);
    return this.tx.run(async () => {
      const actor = this.access.actor();
      const candidates = await this.persons.suggestions({
        unitId: actor.unitId,
        documentHash: query.documentNumber ? this.fields.documentHash(query.documentNumber) : null,
        phoneHashes: phoneHash ? [phoneHash] : [],
        ...nameTermsOf(query.name ?? ''),
        birthYear: null,
        limit: query.pageSize,
      });
      const matching = candidates.filter((row) => row.documentMatch || row.phoneMatch || isNameMatch(row));
      const readable = new Set(
        await this.persons.readableIds(
          matching.map((row) => row.id),
          actor.userId,
        ),
      );
      const people = matching.filter((row) => readable.has(row.id));
      const records = people.length > 0 ? await this.persons.find(await this.access.require(PersonPermission.Read, 'person', [...readable])) : [];
      const terms: SearchTerm[] = [
        ['name', query.name],
        ['documentNumber', query.documentNumber],
        ['phone', query.phone],
      ];
      await this.searches.record('person.searched', terms, records.length);
      const byId = new Map(records.map((record) => [record.id, record]));
      return { items: people.flatMap((row) => (byId.has(row.id) ? [summaryOf(byId.get(row.id)!)] : [])) };
    });
  }

  /** Possible duplicates of a person being typed, among the unit's persons; never merged, the officer decides. */
  suggestions(query: PersonSuggestionsDto): Promise<{ items: SuggestionView[] }> {
    const typedName = [query.nameAr, query.nameLatin].filter(Boolean).join(' ');
    if (!typedName && !query.document && !query.phone) return Promise.resolve({ items: [] });
    const documentHash = query.document ? this.fields.documentHash(query.document.number) : null;
    const phoneHash = query.phone ? this.fields.phoneHash(query.phone) : undefined;
    return this.tx.run(async () => {
      const arabic = query.nameAr ? nameTermsOf(query.nameAr) : undefined;
      const latin = query.nameLatin ? nameTermsOf(query.nameLatin) : undefined;
      const rows = await this.persons.suggestions({
        unitId: this.access.actor().unitId,
        documentHash,
        phoneHashes: phoneHash ? [phoneHash] : [],
        arabicKey: arabic?.arabicKey ?? null,
        latinKey: latin?.latinKey ?? null,
        skeletonForLatin: arabic?.skeletonForLatin ?? null,
        skeletonForArabic: latin?.skeletonForArabic ?? null,
        birthYear: query.birthYear ?? null,
        limit: SUGGESTION_LIMIT,
      });
      const items = rows
        .map((row) => suggestionOf(row, query.birthYear))
        .filter((item): item is SuggestionView => item !== undefined)
        .sort((a, b) => b.score - a.score)
        .slice(0, SUGGESTION_LIMIT);
      const terms: SearchTerm[] = [
        ['name', query.nameAr],
        ['name', query.nameLatin],
        ['documentNumber', query.document?.number],
        ['phone', query.phone],
      ];
      await this.searches.record('person.suggestions_viewed', terms, items.length);
      return { items };
    });
  }

  /** The persons on a case the caller reads. */
  subjectsOfCase(scope: RecordScope<'case'>): Promise<PersonRecord[]> {
    return this.persons.subjectsOfCase(scope);
  }

  /** The whole records of `ids` (all of them readable by the caller: the scope proves it). */
  loadMany(scope: RecordScope<'person'>): Promise<PersonRecord[]> {
    return this.persons.find(scope);
  }

  /** Masked: numbers show their last digits (decrypted for that), text only whether it exists. */
  view(person: PersonRecord): PersonView {
    const plain = this.fields.decryptNumbers(person);
    return {
      id: person.id,
      nameAr: person.nameAr,
      nameLatin: person.nameLatin,
      birthDate: person.birthDate,
      statedAge: person.statedAge,
      ageStatedOn: person.ageStatedOn,
      minor: this.fields.isMinor(person),
      sex: person.sex,
      nationality: person.nationality,
      document: person.documentType ? { type: person.documentType, number: maskedNumber(plain.documentNumber) } : null,
      phones: plain.phones.map(maskedNumber),
      address: maskedText(person.addressEnc),
      safeContact: { ...safeContactOf(person), note: maskedText(person.safeContactNoteEnc) },
      unitId: person.unitId,
      version: person.version,
    };
  }

  isMinor(person: PersonRecord): boolean | null {
    return this.fields.isMinor(person);
  }

  private scope(permission: string, id: string): Promise<RecordScope<'person'>> {
    return this.access.require(permission, 'person', id);
  }

  private async loadOne(scope: RecordScope<'person'>): Promise<PersonRecord> {
    const person = await this.persons.findOne(scope);
    if (!person) throw new RecordNotFoundException();
    return person;
  }
}

const isNameMatch = (row: { nameScore: number; crossScriptScore: number }) =>
  row.nameScore >= NAME_SIMILARITY || row.crossScriptScore >= CROSS_SCRIPT_SIMILARITY;

function suggestionOf(row: Awaited<ReturnType<PersonRepository['suggestions']>>[number], birthYear: number | undefined): SuggestionView | undefined {
  const reasons: SuggestionReason[] = [];
  if (row.documentMatch) reasons.push('document');
  if (row.phoneMatch) reasons.push('phone');
  if (row.nameScore >= NAME_SIMILARITY) reasons.push('name');
  if (row.crossScriptScore >= CROSS_SCRIPT_SIMILARITY) reasons.push('name_cross_script');
  if (reasons.length === 0) return undefined;
  if (birthYear && row.birthYear && Math.abs(birthYear - row.birthYear) <= 1) reasons.push('birth_year');
  const exact = row.documentMatch || row.phoneMatch ? 1 : 0;
  const nameScore = Math.max(row.nameScore, row.crossScriptScore);
  const score = exact ? 1 : Math.min(1, nameScore * (reasons.includes('birth_year') ? 1.15 : 1));
  return { personId: row.id, nameAr: row.nameAr, nameLatin: row.nameLatin, birthYear: row.birthYear, score: Math.round(score * 1000) / 1000, reasons };
}

const safeContactOf = (person: PersonRecord): Omit<SafeContactView, 'note'> => ({
  callSafe: person.safeToCall,
  messageSafe: person.safeToMessage,
  safeHours: person.safeHours,
});

function revealed(person: PersonRecord, plain: PersonPlaintext, fields: PersonSensitiveField[]): PersonRevealView {
  const view: PersonRevealView = {};
  if (fields.includes('documentNumber')) view.documentNumber = plain.documentNumber;
  if (fields.includes('address')) view.address = plain.address;
  if (fields.includes('safeContactNote')) view.safeContactNote = plain.safeContactNote;
  if (fields.includes('phones')) {
    view.phones = plain.phones;
    // A phone travels with its safe-contact instructions.
    view.safeContact = { ...safeContactOf(person), note: maskedText(person.safeContactNoteEnc) };
  }
  return view;
}

export function summaryOf(person: PersonRecord): PersonSummaryView {
  const birthYear = person.birthDate
    ? Number(person.birthDate.slice(0, 4))
    : person.statedAge !== null && person.ageStatedOn
      ? Number(person.ageStatedOn.slice(0, 4)) - person.statedAge
      : null;
  return { id: person.id, nameAr: person.nameAr, nameLatin: person.nameLatin, birthYear, sex: person.sex };
}
