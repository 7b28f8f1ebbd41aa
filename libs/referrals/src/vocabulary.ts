export { CENTRE_SERVICES, URGENCIES } from '@app/identity';
export { FIELD_CATEGORIES, type SharedField } from '@app/consent';

/** Why a centre declines a referral: a code the UI translates; the text beside it stays encrypted. */
export const DECLINE_REASONS = ['outside_services', 'no_capacity', 'not_eligible', 'client_unreachable', 'duplicate', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Why the referring unit withdraws a referral (people choose these). */
export const POLICE_WITHDRAWAL_REASONS = ['resolved_by_police', 'client_request', 'sent_in_error', 'other'] as const;
/** Reasons only the system writes: a redirect, or the consent the referral relied on ended. */
export const SYSTEM_WITHDRAWAL_REASONS = ['redirected', 'consent_withdrawn', 'consent_lapsed'] as const;
export type WithdrawalReason = (typeof POLICE_WITHDRAWAL_REASONS)[number] | (typeof SYSTEM_WITHDRAWAL_REASONS)[number];

/** How a centre's service ended (DESIGN). */
export const REFERRAL_OUTCOMES = ['resolved', 'referred_to_authority', 'client_disengaged', 'transferred'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** What the queue shows of a subject's age before acceptance: a band, never a birth date. */
export const AGE_BANDS = ['0-5', '6-11', '12-14', '15-17', '18-29', '30-44', '45-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBandOf(age: number | null): AgeBand | null {
  if (age === null) return null;
  const limits: Array<[number, AgeBand]> = [
    [5, '0-5'],
    [11, '6-11'],
    [14, '12-14'],
    [17, '15-17'],
    [29, '18-29'],
    [44, '30-44'],
    [59, '45-59'],
  ];
  return limits.find(([upper]) => age <= upper)?.[1] ?? '60+';
}

/** How close a pending referral is to its acceptance deadline (the queue's colours). */
export const DEADLINE_STATES = ['on_track', 'due_soon', 'overdue'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

/** The fields of a shared subject that are masked in a detail view and revealed one by one (audited). */
export const REVEALABLE_FIELDS = ['phones', 'address', 'document', 'safeContactNote', 'narrative'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];
