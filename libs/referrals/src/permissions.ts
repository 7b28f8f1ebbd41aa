/** What the referrals lib's routes and policies ask for; the role table that grants them is composed in apps/api. */
export const ReferralPermission = {
  /** The calendar of days the centres' offices are closed (administrators). */
  HolidayManage: 'holiday.manage',
  /** Refer a case the caller reads to a partner centre, and send it an update (police). */
  Send: 'referral.send',
  /** The referrals of the cases the caller reads: status, holder, outcome, dates; never centre notes (police). */
  ReadPolice: 'referral.read_police',
  /** Which centres fit a case (police). */
  SuggestCentres: 'referral.suggest_centres',
  /** Withdraw a referral of one's own unit, with a reason (police). */
  Withdraw: 'referral.withdraw',
  /** Move an overdue referral to another centre (supervisors). */
  Redirect: 'referral.redirect',
  /** The centre's own referrals: the queue, and what was shared once accepted (counsellors, managers). */
  ReadCentre: 'referral.read_centre',
  /** Accept or decline, start, complete, escalate back to the police (counsellors, managers). */
  Handle: 'referral.handle',
  /** Give a referral to a counsellor of the centre (centre managers). */
  Assign: 'referral.assign',
  /** The centre's own notes on a referral it holds. */
  Note: 'referral.note',
  /** The plaintext of a shared field, audited field by field (the holder and the centre's managers). */
  Reveal: 'referral.reveal',
  /** The worker's deadline scan and the withdrawal of what relied on a lapsed consent (the system actor only). */
  Watch: 'referral.watch',
} as const;
export type ReferralPermission = (typeof ReferralPermission)[keyof typeof ReferralPermission];
