import { Injectable } from '@nestjs/common';
import { Clock, FieldCipher, RecordNotFoundException } from '@app/core';
import { AccessService, RecordScope } from '@app/identity';
import { CaseAccess } from './case-access';
import { CaseRepository } from './case.repository';
import { caseContext } from './case.service';
import { PersonFields } from './person-fields';
import { PersonRepository } from './person.repository';
import { CaseStatus, SubjectRole } from './vocabulary';

/** A subject of a case as the ledgers of later capabilities need it: who, in which role, how old today. */
export interface CaseParty {
  subjectId: string;
  personId: string;
  role: SubjectRole;
  /** Whole years at the clock's today; null when neither a birth date nor a stated age is known. */
  age: number | null;
}

/** Everything the police hold about a subject, in plaintext: referrals pick from it the fields a centre is given. */
export interface PartyProfile {
  subjectId: string;
  role: SubjectRole;
  nameAr: string | null;
  nameLatin: string | null;
  birthDate: string | null;
  age: number | null;
  sex: string;
  nationality: string | null;
  phones: string[];
  safeContact: { callSafe: boolean; messageSafe: boolean; safeHours: string | null; note: string | null };
  address: string | null;
  document: { type: string; number: string } | null;
}

export interface CaseParties {
  caseId: string;
  owningUnitId: string;
  status: CaseStatus;
  parties: CaseParty[];
}

/**
 * What capabilities built on cases (consent, referrals) may ask of a case: the caller's scope over it
 * (404 outside it, the same rules as the case itself), its active subjects with their ages, and a line
 * in the case's timeline. No names or contents: those stay behind the cases lib's own views.
 */
@Injectable()
export class CaseRoster {
  constructor(
    private readonly caseAccess: CaseAccess,
    private readonly access: AccessService,
    private readonly cases: CaseRepository,
    private readonly persons: PersonRepository,
    private readonly fields: PersonFields,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  scope(caseId: string): Promise<RecordScope<'case'>> {
    return this.caseAccess.caseScope(caseId);
  }

  async partiesOf(scope: RecordScope<'case'>): Promise<CaseParties> {
    const record = await this.cases.findOne(scope);
    if (!record) throw new RecordNotFoundException();
    const subjects = await this.cases.subjectsOf(scope);
    const people = new Map((await this.persons.subjectsOfCase(scope)).map((person) => [person.id, person]));
    return {
      caseId: record.id,
      owningUnitId: record.owningUnitId,
      status: record.status,
      parties: subjects.map((subject) => ({
        subjectId: subject.id,
        personId: subject.personId,
        role: subject.role as SubjectRole,
        age: this.fields.ageOf(people.get(subject.personId)!),
      })),
    };
  }

  /** The case's category and urgency, and its narrative in plaintext (for a referral's snapshot, when shared). */
  async caseFacts(scope: RecordScope<'case'>): Promise<{ category: string; urgency: string; narrative: string | null }> {
    const record = await this.cases.findOne(scope);
    if (!record) throw new RecordNotFoundException();
    const narrative = record.narrativeEnc ? this.cipher.decrypt(record.narrativeEnc, caseContext('narrative', record.id)) : null;
    return { category: record.category, urgency: record.urgency, narrative };
  }

  /** The named active subjects' profiles, decrypted; a subject not on the case is simply absent. */
  async profilesOf(scope: RecordScope<'case'>, subjectIds: readonly string[]): Promise<PartyProfile[]> {
    const subjects = (await this.cases.subjectsOf(scope)).filter((subject) => subjectIds.includes(subject.id));
    const people = new Map((await this.persons.subjectsOfCase(scope)).map((person) => [person.id, person]));
    return subjects.map((subject) => {
      const person = people.get(subject.personId)!;
      const plain = this.fields.decrypt(person);
      return {
        subjectId: subject.id,
        role: subject.role as SubjectRole,
        nameAr: person.nameAr,
        nameLatin: person.nameLatin,
        birthDate: person.birthDate,
        age: this.fields.ageOf(person),
        sex: person.sex,
        nationality: person.nationality,
        phones: plain.phones,
        safeContact: { callSafe: person.safeToCall, messageSafe: person.safeToMessage, safeHours: person.safeHours, note: plain.safeContactNote },
        address: plain.address,
        document: person.documentType && plain.documentNumber ? { type: person.documentType, number: plain.documentNumber } : null,
      };
    });
  }

  /** A timeline entry that moves no state (a consent recorded, a legal basis approved): ids and codes only. */
  async noteInTimeline(scope: RecordScope<'case'>, action: string, detail: Record<string, unknown>): Promise<void> {
    const record = await this.cases.findOne(scope);
    if (!record) throw new RecordNotFoundException();
    const actor = this.access.actor();
    await this.cases.appendHistory(scope, { action, state: record.status, actorUserId: actor.userId, actorUnitId: actor.unitId, at: this.clock.now(), detail });
  }
}
