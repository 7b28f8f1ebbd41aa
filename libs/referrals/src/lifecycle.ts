/**
 * The referral lifecycle of DESIGN.md as one table: for each action, the states it leaves, the state it
 * reaches and who may take it. The service asks `decideTransition` and then runs a conditional UPDATE
 * on the state it was given, so a race is decided by the database, not by this table.
 */
export const ReferralState = {
  Pending: 'pending',
  Accepted: 'accepted',
  InService: 'in_service',
  Completed: 'completed',
  Declined: 'declined',
  Withdrawn: 'withdrawn',
  Escalated: 'escalated',
} as const;
export type ReferralState = (typeof ReferralState)[keyof typeof ReferralState];
export const REFERRAL_STATES: readonly ReferralState[] = Object.values(ReferralState);

/** Once here a referral never changes again. */
export const TERMINAL_STATES: readonly ReferralState[] = [ReferralState.Completed, ReferralState.Declined, ReferralState.Withdrawn, ReferralState.Escalated];

/** A referral is active (counts for "one per case and centre", and for the case's status) until it ends. */
export const ACTIVE_STATES: readonly ReferralState[] = [ReferralState.Pending, ReferralState.Accepted, ReferralState.InService];

/** A counsellor holds it: accepted or later, short of a decline or withdrawal (the shared fields and notes reach the holder). */
export const HELD_STATES: readonly ReferralState[] = [ReferralState.Accepted, ReferralState.InService, ReferralState.Completed, ReferralState.Escalated];

export type ReferralAction = 'accept' | 'decline' | 'assign' | 'start' | 'complete' | 'escalate' | 'withdraw' | 'redirect';

/**
 * Who the actor is to this referral (worked out from their roles, unit and the referral's holder):
 * the referring unit's officers and supervisors, the receiving centre's counsellors, the one of them
 * who holds it, its managers, or the worker acting on a lapsed consent.
 */
export type ReferralActor = 'referring_officer' | 'referring_supervisor' | 'centre_counsellor' | 'holder' | 'centre_manager' | 'system';

interface Transition {
  from: readonly ReferralState[];
  to: ReferralState;
  by: readonly ReferralActor[];
}

const CENTRE: readonly ReferralActor[] = ['centre_counsellor', 'holder', 'centre_manager'];
const REFERRING_UNIT: readonly ReferralActor[] = ['referring_officer', 'referring_supervisor'];

export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralAction, Transition>> = {
  /** Accepting is claiming: the counsellor who accepts holds it. */
  accept: { from: ['pending'], to: 'accepted', by: CENTRE },
  decline: { from: ['pending'], to: 'declined', by: CENTRE },
  /** A manager gives a pending referral to a counsellor (accepting it for them) or an accepted one to another. */
  assign: { from: ['pending', 'accepted'], to: 'accepted', by: ['centre_manager'] },
  start: { from: ['accepted'], to: 'in_service', by: ['holder', 'centre_manager'] },
  complete: { from: ['in_service'], to: 'completed', by: ['holder', 'centre_manager'] },
  /** The centre hands the matter back to the police: it needs the authorities. */
  escalate: { from: ['in_service'], to: 'escalated', by: ['holder', 'centre_manager'] },
  /** By the referring unit with a reason, or by the worker when the consent it relied on lapses. */
  withdraw: { from: ACTIVE_STATES, to: 'withdrawn', by: [...REFERRING_UNIT, 'system'] },
  /** An overdue pending referral moved to another centre (the service checks the overdue flag). */
  redirect: { from: ['pending'], to: 'withdrawn', by: ['referring_supervisor'] },
};

export type TransitionDecision =
  | { allowed: true; to: ReferralState }
  | { allowed: false; refusal: 'NOT_YOURS'; current: ReferralState }
  | { allowed: false; refusal: 'WRONG_STATE'; current: ReferralState };

/** Whether `actor` may take `action` on a referral in `current`, and where it goes. */
export function decideTransition(current: ReferralState, action: ReferralAction, actors: readonly ReferralActor[]): TransitionDecision {
  const transition = REFERRAL_TRANSITIONS[action];
  if (!actors.some((actor) => transition.by.includes(actor))) return { allowed: false, refusal: 'NOT_YOURS', current };
  if (!transition.from.includes(current)) return { allowed: false, refusal: 'WRONG_STATE', current };
  return { allowed: true, to: transition.to };
}

/** The actions an actor may take now: what the UI offers (`allowedActions`). */
export const allowedReferralActions = (current: ReferralState, actors: readonly ReferralActor[]): ReferralAction[] =>
  (Object.keys(REFERRAL_TRANSITIONS) as ReferralAction[]).filter((action) => decideTransition(current, action, actors).allowed);
