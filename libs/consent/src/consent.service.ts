import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { CaseParty, CaseRoster } from '@app/cases';
import { Clock, DomainException, FieldCipher, maskedText, RecordNotFoundException } from '@app/core';
import { createOnce, TransactionRunner } from '@app/database';
import { AccessService, RecordScope } from '@app/identity';
import { ConsentErrorCode, consentRuleBroken } from './consent.exception';
import { ConsentEvents } from './consent-events';
import { ConsentRecord, ConsentRepository, NewConsent } from './consent.repository';
import { ConsentListView, ConsentRevealView, ConsentState, ConsentView } from './consent.views';
import { ConsentTextField, RecordConsentDto, WithdrawConsentDto } from './dto/consent.dto';
import { ConsentPermission } from './permissions';
import { ADULT_AGE, ConsentGiver, MINOR_HEARD_AGE, MinorView } from './vocabulary';

export const consentContext = (column: 'note' | 'withdrawal_reason', id: string) => `consent_record.${column}:${id}`;

/**
 * The consent ledger of a case: records are never edited (a change supersedes, a withdrawal ends one),
 * each validated against the case's subjects as they are now: a minor's consent comes from a guardian
 * subject of the case who is not also an alleged perpetrator. Every read and change is audited with
 * ids and codes; notes and reasons stay encrypted on the record.
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly roster: CaseRoster,
    private readonly access: AccessService,
    private readonly events: ConsentEvents,
    private readonly audit: AuditTrail,
    private readonly cipher: FieldCipher,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  record(caseId: string, input: RecordConsentDto, idempotencyKey: string | undefined): Promise<ConsentView> {
    return this.tx.run(async () => {
      const scope = await this.roster.scope(caseId);
      const actor = this.access.actor();
      const { id, replayed } = await createOnce(this.tx.manager, {
        key: idempotencyKey,
        operation: 'consent.record',
        userId: actor.userId,
        body: { caseId, ...input },
        at: this.clock.now(),
        create: () => this.insert(scope, input),
      });
      if (!replayed) {
        const detail = {
          subjectId: input.subjectId,
          givenBy: input.givenBy,
          method: input.method,
          dataCategories: input.dataCategories,
          services: input.services,
        };
        await this.roster.noteInTimeline(scope, 'consent_recorded', { consentId: id, subjectId: input.subjectId, supersedes: input.supersedes ?? null });
        await this.audit.record({
          action: 'consent.recorded',
          objectType: 'consent',
          objectId: id,
          caseId,
          detail: { ...detail, supersedes: input.supersedes ?? null },
        });
      }
      return this.view(await this.load(await this.access.require(ConsentPermission.Read, 'consent', id)));
    });
  }

  list(caseId: string): Promise<ConsentListView> {
    return this.tx.run(async () => {
      const scope = await this.roster.scope(caseId);
      const records = await this.consents.ofCase(scope);
      await this.audit.record({ action: 'consent.listed', objectType: 'case', objectId: caseId, caseId, detail: { returned: records.length } });
      return { items: records.map((record) => this.view(record)) };
    });
  }

  get(id: string): Promise<ConsentView> {
    return this.tx.run(async () => {
      const record = await this.load(await this.access.require(ConsentPermission.Read, 'consent', id));
      await this.audit.record({ action: 'consent.viewed', objectType: 'consent', objectId: id, caseId: record.caseId });
      return this.view(record);
    });
  }

  reveal(id: string, fields: ConsentTextField[]): Promise<ConsentRevealView> {
    return this.tx.run(async () => {
      const record = await this.load(await this.access.require(ConsentPermission.Reveal, 'consent', id));
      await this.audit.record({
        action: 'consent.revealed',
        objectType: 'consent',
        objectId: id,
        caseId: record.caseId,
        detail: { fields: [...fields].sort() },
      });
      const open = (ciphertext: string | null, column: 'note' | 'withdrawal_reason') =>
        ciphertext ? this.cipher.decrypt(ciphertext, consentContext(column, id)) : null;
      return {
        ...(fields.includes('note') ? { note: open(record.noteEnc, 'note') } : {}),
        ...(fields.includes('withdrawalReason') ? { withdrawalReason: open(record.withdrawalReasonEnc, 'withdrawal_reason') } : {}),
      };
    });
  }

  /** Ends the current record; what relied on it hears of it before the withdrawal commits. */
  withdraw(id: string, input: WithdrawConsentDto): Promise<ConsentView> {
    return this.tx.run(async () => {
      const scope = await this.access.require(ConsentPermission.Withdraw, 'consent', id);
      await this.consents.lock(scope);
      const record = await this.load(scope);
      const state = this.stateOf(record);
      if (state === 'withdrawn' || state === 'superseded') throw notCurrent(state);
      const withdrawn = await this.consents.withdraw(scope, {
        at: this.clock.now(),
        recordedBy: this.access.actor().userId,
        reportedBy: input.reportedBy,
        reasonEnc: this.cipher.encrypt(input.reason, consentContext('withdrawal_reason', id)),
      });
      if (!withdrawn) throw notCurrent(state);
      await this.events.publish({ type: 'consent.withdrawn', caseId: record.caseId, recordId: id });
      await this.roster.noteInTimeline(await this.roster.scope(record.caseId), 'consent_withdrawn', { consentId: id, reportedBy: input.reportedBy });
      await this.audit.record({
        action: 'consent.withdrawn',
        objectType: 'consent',
        objectId: id,
        caseId: record.caseId,
        detail: { reportedBy: input.reportedBy },
      });
      return this.view(await this.load(scope));
    });
  }

  private async insert(scope: RecordScope<'case'>, input: RecordConsentDto): Promise<string> {
    const { parties } = await this.roster.partiesOf(scope);
    const subject = parties.find((party) => party.subjectId === input.subjectId);
    if (!subject) throw consentRuleBroken(ConsentErrorCode.SUBJECT_NOT_ON_CASE, 'Not an active subject of this case', 'subjectId');
    const guardian = this.checkGiver(subject, parties, input);
    const centreIds = await this.checkCentres(input);
    const now = this.clock.now();
    if (input.expiresAt && input.expiresAt <= now) throw consentRuleBroken(ConsentErrorCode.EXPIRY_IN_PAST, 'The expiry must lie in the future', 'expiresAt');
    const id = randomUUID();
    const record: NewConsent = {
      id,
      caseId: scope.id,
      subjectId: subject.subjectId,
      personId: subject.personId,
      givenBy: input.givenBy as ConsentGiver,
      guardianSubjectId: guardian?.subjectId ?? null,
      guardianPersonId: guardian?.personId ?? null,
      minorView: (input.minorView as MinorView | undefined) ?? null,
      anyCentre: input.centres.any,
      centreIds,
      services: [...input.services].sort(),
      dataCategories: [...input.dataCategories].sort(),
      method: input.method,
      language: input.language,
      noteEnc: input.note ? this.cipher.encrypt(input.note, consentContext('note', id)) : null,
      expiresAt: input.expiresAt ?? null,
      supersedesId: input.supersedes ?? null,
      recordedBy: this.access.actor().userId,
      recordedAt: now,
    };
    if (input.supersedes) await this.checkSupersedes(input.supersedes, record);
    if (!(await this.consents.insert(record))) throw notCurrent('superseded');
    if (input.supersedes) await this.events.publish({ type: 'consent.superseded', caseId: scope.id, recordId: input.supersedes, replacedBy: id });
    return id;
  }

  /** The guardian subject who consents for a minor, or none when the subject consents for themselves. */
  private checkGiver(subject: CaseParty, parties: CaseParty[], input: RecordConsentDto): CaseParty | undefined {
    const minor = subject.age !== null && subject.age < ADULT_AGE;
    const guardians = parties.filter((party) => party.role === 'guardian' && party.personId !== subject.personId);
    if (input.givenBy === 'subject') {
      if (minor) throw consentRuleBroken(ConsentErrorCode.GUARDIAN_REQUIRED, 'A minor’s consent is given by a guardian subject of the case', 'givenBy');
      if (input.guardianSubjectId)
        throw consentRuleBroken(ConsentErrorCode.GUARDIAN_NOT_APPLICABLE, 'The subject consents for themselves', 'guardianSubjectId');
      if (input.minorView) throw consentRuleBroken(ConsentErrorCode.MINOR_VIEW_NOT_APPLICABLE, 'Only a minor is heard beside a guardian', 'minorView');
      return undefined;
    }
    if (!minor && subject.age !== null) throw consentRuleBroken(ConsentErrorCode.GUARDIAN_NOT_APPLICABLE, 'An adult consents for themselves', 'givenBy');
    if (guardians.length === 0)
      throw consentRuleBroken(ConsentErrorCode.GUARDIAN_REQUIRED, 'Add the guardian to the case as a subject first', 'guardianSubjectId');
    if (!input.guardianSubjectId) throw consentRuleBroken(ConsentErrorCode.GUARDIAN_REQUIRED, 'Name the guardian who consents', 'guardianSubjectId');
    const guardian = guardians.find((party) => party.subjectId === input.guardianSubjectId);
    if (!guardian) throw consentRuleBroken(ConsentErrorCode.GUARDIAN_NOT_ON_CASE, 'Not a guardian subject of this case', 'guardianSubjectId');
    if (parties.some((party) => party.personId === guardian.personId && party.role === 'alleged_perpetrator')) {
      throw consentRuleBroken(
        ConsentErrorCode.GUARDIAN_CONFLICT,
        'A guardian who is an alleged perpetrator cannot consent: request a legal basis',
        'guardianSubjectId',
      );
    }
    if (input.minorView && (subject.age === null || subject.age < MINOR_HEARD_AGE)) {
      throw consentRuleBroken(ConsentErrorCode.MINOR_VIEW_NOT_APPLICABLE, `A minor is heard from the age of ${MINOR_HEARD_AGE}`, 'minorView');
    }
    return guardian;
  }

  private async checkCentres(input: RecordConsentDto): Promise<string[]> {
    const named = [...new Set(input.centres.centreIds ?? [])].sort();
    if (input.centres.any !== (named.length === 0)) {
      throw consentRuleBroken(ConsentErrorCode.UNKNOWN_CENTRE, 'Name the centres, or choose any centre (and name none)', 'centres.centreIds');
    }
    const active = await this.consents.activeCentres(named);
    if (named.some((id) => !active.has(id))) throw consentRuleBroken(ConsentErrorCode.UNKNOWN_CENTRE, 'Not an active partner centre', 'centres.centreIds');
    return named;
  }

  /** A change replaces the current record of the same subject on the same case. */
  private async checkSupersedes(previousId: string, next: NewConsent): Promise<void> {
    const scope = await this.access.require(ConsentPermission.Read, 'consent', previousId);
    await this.consents.lock(scope);
    const previous = await this.load(scope);
    if (previous.caseId !== next.caseId || previous.personId !== next.personId) {
      throw consentRuleBroken(ConsentErrorCode.SUPERSEDES_ANOTHER_SUBJECT, 'A record supersedes one of the same subject on the same case', 'supersedes');
    }
    const state = this.stateOf(previous);
    if (state === 'withdrawn' || state === 'superseded') throw notCurrent(state);
  }

  private async load(scope: RecordScope<'consent'>): Promise<ConsentRecord> {
    const record = await this.consents.findOne(scope);
    if (!record) throw new RecordNotFoundException();
    return record;
  }

  private stateOf(record: ConsentRecord): ConsentState {
    if (record.supersededBy) return 'superseded';
    if (record.withdrawnAt) return 'withdrawn';
    if (record.expiresAt && record.expiresAt <= this.clock.now()) return 'expired';
    return 'active';
  }

  private view(record: ConsentRecord): ConsentView {
    return {
      id: record.id,
      caseId: record.caseId,
      subjectId: record.subjectId,
      personId: record.personId,
      givenBy: record.givenBy,
      guardianSubjectId: record.guardianSubjectId,
      minorView: record.minorView,
      anyCentre: record.anyCentre,
      centreIds: [...record.centreIds],
      services: [...record.services],
      dataCategories: [...record.dataCategories],
      method: record.method,
      language: record.language,
      note: maskedText(record.noteEnc),
      expiresAt: record.expiresAt?.toISOString() ?? null,
      supersedes: record.supersedesId,
      supersededBy: record.supersededBy,
      recordedBy: record.recordedBy,
      recordedAt: record.recordedAt.toISOString(),
      withdrawal: record.withdrawnAt
        ? {
            at: record.withdrawnAt.toISOString(),
            reportedBy: record.withdrawalReportedBy!,
            recordedBy: record.withdrawalRecordedBy!,
            reason: maskedText(record.withdrawalReasonEnc),
          }
        : null,
      state: this.stateOf(record),
    };
  }
}

const notCurrent = (state: ConsentState) =>
  new DomainException(ConsentErrorCode.CONSENT_NOT_CURRENT, HttpStatus.CONFLICT, `This record is ${state}: change or withdraw the current one`, {
    currentState: state,
  });
