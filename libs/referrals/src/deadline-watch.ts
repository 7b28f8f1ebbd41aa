import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock } from '@app/core';
import { TransactionRunner } from '@app/database';
import { OutboxAudience, OutboxWriter } from '@app/queue';
import { ReferralRepository } from './referral.repository';

const BATCH = 200;

/**
 * The worker's minute scan over PostgreSQL, where the deadlines live (so they stay right if Redis
 * loses its data): a reminder to the centre's office once the reminder time has come, and `overdue`
 * marked once when the deadline passes, for the referring unit's supervisors. Each mark, its audit
 * event and its outbox row commit together; a batch per transaction.
 */
@Injectable()
export class DeadlineWatch {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly audit: AuditTrail,
    private readonly outbox: OutboxWriter,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async scan(): Promise<{ reminded: number; overdue: number }> {
    return { reminded: await this.markAll('reminder'), overdue: await this.markAll('overdue') };
  }

  private async markAll(kind: 'reminder' | 'overdue'): Promise<number> {
    let total = 0;
    for (;;) {
      const marked = await this.tx.run(() => this.markBatch(kind));
      total += marked;
      if (marked < BATCH) return total;
    }
  }

  private async markBatch(kind: 'reminder' | 'overdue'): Promise<number> {
    const due = await this.referrals.markDue(kind, this.clock.now(), BATCH);
    const event = kind === 'reminder' ? 'referral.reminder_due' : 'referral.overdue';
    const audiences = kind === 'reminder' ? [OutboxAudience.CentreOffice] : [OutboxAudience.UnitSupervisors];
    for (const referral of due) {
      await this.audit.record({ action: event, objectType: 'referral', objectId: referral.id, caseId: referral.case_id });
      await this.outbox.write({ event, recordType: 'referral', recordId: referral.id, audiences });
    }
    return due.length;
  }
}
