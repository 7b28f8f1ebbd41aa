import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock } from '@app/core';
import { ConsentEvents, ConsentLedgerEvent } from '@app/consent';
import { ReferralRepository } from './referral.repository';
import { ReferralTransitions } from './referral-transitions';

/** A re-check of a referral against the ledger as it is now (the api's; the worker only sees lapses, which end a referral outright). */
export interface SharingRecheck {
  stillAllowed(referralId: string): Promise<boolean>;
}

const ENDS_OUTRIGHT: ReadonlySet<ConsentLedgerEvent['type']> = new Set(['consent.withdrawn', 'consent.lapsed', 'legal_basis.lapsed']);

/**
 * DESIGN: withdrawal or expiry of any record a referral relied on withdraws the whole referral in the
 * same transaction, so the centre's access ends even while Redis is down. A superseded record or a
 * rejected basis re-runs the sharing check and withdraws only what it no longer allows. A completed
 * (or escalated) referral is never withdrawn: its centre keeps the outcome and notes, not the shared fields.
 */
@Injectable()
export class ConsentFollower implements OnModuleInit {
  private recheck?: SharingRecheck;

  constructor(
    private readonly events: ConsentEvents,
    private readonly referrals: ReferralRepository,
    private readonly transitions: ReferralTransitions,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.subscribe((event) => this.follow(event));
  }

  /** The api registers its re-check (it needs the caller's scope over the case). */
  useRecheck(recheck: SharingRecheck): void {
    this.recheck = recheck;
  }

  private async follow(event: ConsentLedgerEvent): Promise<void> {
    const reason = event.type.endsWith('lapsed') ? 'consent_lapsed' : 'consent_withdrawn';
    for (const referral of await this.referrals.relyingOn(event.caseId, event.recordId)) {
      if (!ENDS_OUTRIGHT.has(event.type) && this.recheck && (await this.recheck.stillAllowed(referral.id))) continue;
      if (referral.status === 'completed' || referral.status === 'escalated') {
        await this.referrals.closeIdentifying(referral.id, this.clock.now());
        await this.audit.record({
          action: 'referral.shared_fields_closed',
          objectType: 'referral',
          objectId: referral.id,
          caseId: event.caseId,
          detail: { reasonCode: reason, recordId: event.recordId },
        });
        continue;
      }
      await this.transitions.apply({
        referral: { id: referral.id, caseId: event.caseId },
        action: 'withdraw',
        set: { withdrawal_reason: reason, ended_at: this.clock.now() },
        reasonCode: reason,
        detail: { recordId: event.recordId },
      });
    }
  }
}
