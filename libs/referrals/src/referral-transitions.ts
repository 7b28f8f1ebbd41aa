import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock, isUserActor, RecordNotFoundException, RequestContext } from '@app/core';
import { execute, StateMachine, TransactionRunner } from '@app/database';
import { OutboxAudience, OutboxWriter } from '@app/queue';
import { REFERRAL_TRANSITIONS, ReferralAction, ReferralState } from './lifecycle';
import { ReferralRepository } from './referral.repository';

export const referralLifecycle = new StateMachine<ReferralState, ReferralAction>('referral', REFERRAL_TRANSITIONS);

/** The audit action and outbox event of each transition (`referral.<event>`). */
export const REFERRAL_EVENTS: Record<ReferralAction, string> = {
  accept: 'accepted',
  decline: 'declined',
  assign: 'assigned',
  start: 'started',
  complete: 'completed',
  escalate: 'escalated',
  withdraw: 'withdrawn',
  redirect: 'redirected',
};

const POLICE_SIDE = [OutboxAudience.AssignedOfficer, OutboxAudience.UnitSupervisors];

/** Who hears of each transition (DESIGN: audience codes, resolved to people on delivery). */
export const REFERRAL_AUDIENCES: Record<ReferralAction, readonly OutboxAudience[]> = {
  accept: POLICE_SIDE,
  decline: POLICE_SIDE,
  assign: POLICE_SIDE,
  start: [OutboxAudience.AssignedOfficer],
  complete: POLICE_SIDE,
  escalate: POLICE_SIDE,
  withdraw: POLICE_SIDE,
  redirect: POLICE_SIDE,
};

export interface TransitionInput {
  referral: { id: string; caseId: string };
  action: ReferralAction;
  /** Columns the same UPDATE sets (code-defined names). */
  set?: Record<string, unknown>;
  reasonCode?: string;
  /** Ids and codes for the history and the trail; never text. */
  detail?: Record<string, unknown>;
}

/**
 * Applies a referral transition as one unit of the use case's transaction: the conditional UPDATE
 * (of racing callers exactly one wins), its history line, the case's status following, one audit
 * event and the outbox rows. Who may act is decided before, by the caller (the transitions table).
 */
@Injectable()
export class ReferralTransitions {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly audit: AuditTrail,
    private readonly outbox: OutboxWriter,
    private readonly context: RequestContext,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async apply(input: TransitionInput): Promise<{ from: ReferralState; to: ReferralState }> {
    const at = this.clock.now();
    const actor = this.actor();
    const moved = await referralLifecycle.apply(this.tx.manager, {
      id: input.referral.id,
      action: input.action,
      at,
      actor,
      reasonCode: input.reasonCode,
      detail: input.detail,
      set: input.set,
    });
    if (!moved) throw new RecordNotFoundException();
    await this.referrals.caseFollows(input.referral.caseId, actor, at);
    const event = `referral.${REFERRAL_EVENTS[input.action]}`;
    await this.audit.record({
      action: event,
      objectType: 'referral',
      objectId: input.referral.id,
      caseId: input.referral.caseId,
      detail: { from: moved.from, to: moved.to, ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}), ...input.detail },
    });
    await this.outbox.write({ event, recordType: 'referral', recordId: input.referral.id, audiences: REFERRAL_AUDIENCES[input.action] });
    return moved;
  }

  /** The history line of a new referral (it has no state to leave, so the state machine does not write it). */
  async recordSent(referral: { id: string; caseId: string }, detail: Record<string, unknown>): Promise<void> {
    const at = this.clock.now();
    const actor = this.actor();
    await execute(
      this.tx.manager,
      `INSERT INTO referral_history (record_id, action, from_state, to_state, actor_user_id, actor_unit_id, at, detail)
       VALUES ($1, 'send', 'none', 'pending', $2, $3, $4, $5)`,
      [referral.id, actor.userId, actor.unitId, at, detail],
    );
    await this.referrals.caseFollows(referral.caseId, actor, at);
  }

  private actor(): { userId: string | null; unitId: string | null } {
    const actor = this.context.actor;
    return { userId: isUserActor(actor) ? actor.userId : null, unitId: actor?.unitId ?? null };
  }
}
