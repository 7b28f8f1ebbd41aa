/** What the referrals lib's routes ask for; the role table that grants them is composed in apps/api. */
export const ReferralPermission = {
  /** The calendar of days the centres' offices are closed (administrators). */
  HolidayManage: 'holiday.manage',
} as const;
export type ReferralPermission = (typeof ReferralPermission)[keyof typeof ReferralPermission];
