import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock } from '@app/core';
import { TransactionRunner } from '@app/database';
import { ConsentEvents } from './consent-events';
import { ConsentRepository } from './consent.repository';
import { LegalBasisRepository } from './legal-basis.repository';

const BATCH = 200;

/**
 * Expiry has no transaction of its own (DESIGN): the worker's scan finds the consents and approved
 * legal bases that have lapsed (past their expiry, or a guardian's consent for a subject now 18),
 * marks each announced once, and publishes its event in the same transaction, so what relied on it
 * (referrals) is withdrawn atomically with the mark; a listener's failure leaves it for the next scan.
 * Reads of a referral re-check validity at the clock anyway: the scan is what ends access actively.
 */
@Injectable()
export class ConsentLapses {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly legalBases: LegalBasisRepository,
    private readonly events: ConsentEvents,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Announces every lapse due now, a batch per transaction; answers how many. */
  async announceDue(): Promise<{ consents: number; legalBases: number }> {
    const total = { consents: 0, legalBases: 0 };
    for (;;) {
      const batch = await this.tx.run(() => this.announceBatch());
      total.consents += batch.consents;
      total.legalBases += batch.legalBases;
      if (batch.consents < BATCH && batch.legalBases < BATCH) return total;
    }
  }

  private async announceBatch(): Promise<{ consents: number; legalBases: number }> {
    const now = this.clock.now();
    const consents = await this.consents.announceLapsed(now, BATCH);
    for (const { id, caseId } of consents) await this.events.publish({ type: 'consent.lapsed', caseId, recordId: id });
    const legalBases = await this.legalBases.announceLapsed(now, BATCH);
    for (const { id, caseId } of legalBases) await this.events.publish({ type: 'legal_basis.lapsed', caseId, recordId: id });
    if (consents.length + legalBases.length > 0) {
      await this.audit.record({ action: 'consent.lapses_announced', detail: { consents: consents.length, legalBases: legalBases.length } });
    }
    return { consents: consents.length, legalBases: legalBases.length };
  }
}
