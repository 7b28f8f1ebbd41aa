import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { CaseRoster } from '@app/cases';
import { Clock } from '@app/core';
import { TransactionRunner } from '@app/database';
import { RecordScope } from '@app/identity';
import { ConsentErrorCode, consentRuleBroken } from './consent.exception';
import { ConsentRepository } from './consent.repository';
import { SharingDecisionView } from './consent.views';
import { SharingCheckDto } from './dto/consent.dto';
import { LegalBasisRepository } from './legal-basis.repository';
import { decideSharing, SharingDecision, SharingRequest } from './sharing-decision';
import { DataCategory } from './vocabulary';

/**
 * The sharing query: what a referral of a case to a centre may carry, now. Referrals call `decide`
 * inside their own transaction (and keep `reliedOn`); the UI asks through the sharing-check route.
 */
@Injectable()
export class SharingCheck {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly legalBases: LegalBasisRepository,
    private readonly roster: CaseRoster,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The decision over the case's ledger and subjects as they are in this transaction, at the clock's now. */
  async decide(scope: RecordScope<'case'>, request: SharingRequest): Promise<SharingDecision> {
    const centres = await this.consents.activeCentres([request.centreId]);
    if (!centres.has(request.centreId)) throw consentRuleBroken(ConsentErrorCode.UNKNOWN_CENTRE, 'Not an active partner centre', 'centreId');
    const { parties } = await this.roster.partiesOf(scope);
    const [consents, legalBases] = [await this.consents.ofCase(scope), await this.legalBases.ofCase(scope)];
    return decideSharing({ parties, consents, legalBases }, request, this.clock.now());
  }

  check(caseId: string, input: SharingCheckDto): Promise<SharingDecisionView> {
    return this.tx.run(async () => {
      const scope = await this.roster.scope(caseId);
      const request: SharingRequest = {
        centreId: input.centreId,
        services: input.services,
        subjects: input.subjects.map((subject) => ({ subjectId: subject.subjectId, categories: subject.categories as DataCategory[] })),
      };
      const decision = await this.decide(scope, request);
      await this.audit.record({
        action: 'consent.sharing_checked',
        objectType: 'case',
        objectId: caseId,
        caseId,
        detail: { centreId: input.centreId, services: [...input.services].sort(), subjects: input.subjects.length, allowed: decision.allowed },
      });
      return { ...decision, validUntil: decision.validUntil?.toISOString() ?? null, evaluatedAt: this.clock.now().toISOString() };
    });
  }
}
