import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { CaseRoster } from '@app/cases';
import { Clock, FieldCipher, maskedText, RecordNotFoundException } from '@app/core';
import { createOnce, PageRequest, TransactionRunner } from '@app/database';
import { AccessService, RecordScope } from '@app/identity';
import { ConsentErrorCode, consentRuleBroken } from './consent.exception';
import { ConsentEvents } from './consent-events';
import { LegalBasisRevealView, LegalBasisListView, LegalBasisView } from './consent.views';
import { LegalBasisTextField, RejectLegalBasisDto, RequestLegalBasisDto } from './dto/consent.dto';
import { LegalBasisAction, LegalBasisRecord, LegalBasisRepository } from './legal-basis.repository';
import { LegalBasisPermission } from './permissions';
import { LegalBasisKind, LegalBasisStatus } from './vocabulary';

export const legalBasisContext = (column: 'justification' | 'rejection_reason', id: string) => `legal_basis.${column}:${id}`;

/**
 * Sharing without consent (a child at risk, an imminent danger to life, a court order): a request
 * with its justification, in force only once a supervisor of the unit other than the requester
 * approves it (four eyes, checked here and by a CHECK in the table). Each step is audited with the
 * basis code and the record id; the justification and reasons stay encrypted on the record.
 */
@Injectable()
export class LegalBasisService {
  constructor(
    private readonly legalBases: LegalBasisRepository,
    private readonly roster: CaseRoster,
    private readonly access: AccessService,
    private readonly events: ConsentEvents,
    private readonly audit: AuditTrail,
    private readonly cipher: FieldCipher,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  request(caseId: string, input: RequestLegalBasisDto, idempotencyKey: string | undefined): Promise<LegalBasisView> {
    return this.tx.run(async () => {
      const scope = await this.roster.scope(caseId);
      const actor = this.access.actor();
      const { id, replayed } = await createOnce(this.tx.manager, {
        key: idempotencyKey,
        operation: 'legal_basis.request',
        userId: actor.userId,
        body: { caseId, ...input },
        at: this.clock.now(),
        create: () => this.insert(scope, input),
      });
      if (!replayed) {
        await this.roster.noteInTimeline(scope, 'legal_basis_requested', { legalBasisId: id, basis: input.basis });
        await this.audit.record({
          action: 'legal_basis.requested',
          objectType: 'legal_basis',
          objectId: id,
          caseId,
          detail: { basis: input.basis, subjectIds: [...input.subjectIds].sort(), dataCategories: [...input.dataCategories].sort() },
        });
      }
      return this.view(await this.load(await this.access.require(LegalBasisPermission.Read, 'legal_basis', id)));
    });
  }

  list(caseId: string): Promise<LegalBasisListView> {
    return this.tx.run(async () => {
      const scope = await this.roster.scope(caseId);
      const records = await this.legalBases.ofCase(scope);
      await this.audit.record({ action: 'legal_basis.listed', objectType: 'case', objectId: caseId, caseId, detail: { returned: records.length } });
      return { items: records.map((record) => this.view(record)) };
    });
  }

  /** The requests of the caller's reach in a status (a supervisor's: the unit's), oldest first. */
  queue(status: LegalBasisStatus, page: PageRequest): Promise<{ items: LegalBasisView[]; total: number }> {
    return this.tx.run(async () => {
      const result = await this.legalBases.inStatus(status, page);
      await this.audit.record({ action: 'legal_basis.listed', detail: { status, returned: result.items.length } });
      return { items: result.items.map((record) => this.view(record)), total: result.total };
    });
  }

  get(id: string): Promise<LegalBasisView> {
    return this.tx.run(async () => {
      const record = await this.load(await this.access.require(LegalBasisPermission.Read, 'legal_basis', id));
      await this.audit.record({
        action: 'legal_basis.viewed',
        objectType: 'legal_basis',
        objectId: id,
        caseId: record.caseId,
        detail: { basis: record.basis },
      });
      return this.view(record);
    });
  }

  reveal(id: string, fields: LegalBasisTextField[]): Promise<LegalBasisRevealView> {
    return this.tx.run(async () => {
      const record = await this.load(await this.access.require(LegalBasisPermission.Read, 'legal_basis', id));
      await this.audit.record({
        action: 'legal_basis.revealed',
        objectType: 'legal_basis',
        objectId: id,
        caseId: record.caseId,
        detail: { basis: record.basis, fields: [...fields].sort() },
      });
      return {
        ...(fields.includes('justification') ? { justification: this.cipher.decrypt(record.justificationEnc, legalBasisContext('justification', id)) } : {}),
        ...(fields.includes('rejectionReason')
          ? { rejectionReason: record.rejectionReasonEnc ? this.cipher.decrypt(record.rejectionReasonEnc, legalBasisContext('rejection_reason', id)) : null }
          : {}),
      };
    });
  }

  approve(id: string, version: number): Promise<LegalBasisView> {
    return this.decide(id, 'approve', version);
  }

  reject(id: string, input: RejectLegalBasisDto): Promise<LegalBasisView> {
    return this.decide(id, 'reject', input.version, input.reason);
  }

  private decide(id: string, action: LegalBasisAction, version: number, reason?: string): Promise<LegalBasisView> {
    return this.tx.run(async () => {
      const scope = await this.access.require(LegalBasisPermission.Decide, 'legal_basis', id);
      const record = await this.load(scope);
      const actor = this.access.actor();
      if (record.requestedBy === actor.userId) {
        throw consentRuleBroken(ConsentErrorCode.SELF_APPROVAL_FORBIDDEN, 'Another supervisor of the unit decides on your own request');
      }
      const now = this.clock.now();
      if (action === 'approve' && record.expiresAt <= now) throw consentRuleBroken(ConsentErrorCode.LEGAL_BASIS_EXPIRED, 'This request has expired');
      const decided = await this.legalBases.decide(scope, action, {
        at: now,
        actor: { userId: actor.userId, unitId: actor.unitId },
        version,
        rejectionReasonEnc: reason ? this.cipher.encrypt(reason, legalBasisContext('rejection_reason', id)) : undefined,
        reasonCode: record.basis,
      });
      if (!decided) throw new RecordNotFoundException();
      if (action === 'reject') await this.events.publish({ type: 'legal_basis.rejected', caseId: record.caseId, recordId: id });
      const event = action === 'approve' ? 'approved' : 'rejected';
      await this.roster.noteInTimeline(await this.roster.scope(record.caseId), `legal_basis_${event}`, { legalBasisId: id, basis: record.basis });
      await this.audit.record({
        action: `legal_basis.${event}`,
        objectType: 'legal_basis',
        objectId: id,
        caseId: record.caseId,
        detail: { basis: record.basis },
      });
      return this.view(await this.load(scope));
    });
  }

  private async insert(scope: RecordScope<'case'>, input: RequestLegalBasisDto): Promise<string> {
    const { parties } = await this.roster.partiesOf(scope);
    const personIds = input.subjectIds.map((subjectId, index) => {
      const party = parties.find((candidate) => candidate.subjectId === subjectId);
      if (!party) throw consentRuleBroken(ConsentErrorCode.SUBJECT_NOT_ON_CASE, 'Not an active subject of this case', `subjectIds.${index}`);
      return party.personId;
    });
    const now = this.clock.now();
    if (input.expiresAt <= now) throw consentRuleBroken(ConsentErrorCode.EXPIRY_IN_PAST, 'The expiry must lie in the future', 'expiresAt');
    const id = randomUUID();
    await this.legalBases.insert({
      id,
      caseId: scope.id,
      basis: input.basis as LegalBasisKind,
      justificationEnc: this.cipher.encrypt(input.justification, legalBasisContext('justification', id)),
      subjectIds: input.subjectIds,
      personIds,
      dataCategories: [...input.dataCategories].sort(),
      expiresAt: input.expiresAt,
      requestedBy: this.access.actor().userId,
      requestedAt: now,
    });
    return id;
  }

  private async load(scope: RecordScope<'legal_basis'>): Promise<LegalBasisRecord> {
    const record = await this.legalBases.findOne(scope);
    if (!record) throw new RecordNotFoundException();
    return record;
  }

  private view(record: LegalBasisRecord): LegalBasisView {
    const actor = this.access.actor();
    return {
      id: record.id,
      caseId: record.caseId,
      basis: record.basis,
      justification: maskedText(record.justificationEnc),
      subjectIds: record.subjectIds,
      dataCategories: [...record.dataCategories],
      expiresAt: record.expiresAt.toISOString(),
      status: record.status,
      expired: record.expiresAt <= this.clock.now(),
      requestedBy: record.requestedBy,
      requestedAt: record.requestedAt.toISOString(),
      decidedBy: record.decidedBy,
      decidedAt: record.decidedAt?.toISOString() ?? null,
      rejectionReason: maskedText(record.rejectionReasonEnc),
      decidable: record.status === 'pending' && record.requestedBy !== actor.userId && actor.permissions.includes(LegalBasisPermission.Decide),
      version: record.version,
    };
  }
}
