/** What the consent lib's routes and policies ask for; the role table that grants them is composed in apps/api. */
export const ConsentPermission = {
  Read: 'consent.read',
  Record: 'consent.record',
  Withdraw: 'consent.withdraw',
  /** The free text of a record (note, withdrawal reason), audited field by field. */
  Reveal: 'consent.reveal',
  /** The sharing check: what a referral of this case to a centre could carry. */
  CheckSharing: 'consent.check_sharing',
  /** The worker's lapse scan (the system actor only): marks lapsed records and publishes their events. */
  AnnounceLapses: 'consent.announce_lapses',
} as const;
export type ConsentPermission = (typeof ConsentPermission)[keyof typeof ConsentPermission];

export const LegalBasisPermission = {
  Read: 'legal_basis.read',
  Request: 'legal_basis.request',
  /** Approve or reject a request of another officer of the unit (supervisors; never one's own). */
  Decide: 'legal_basis.decide',
} as const;
export type LegalBasisPermission = (typeof LegalBasisPermission)[keyof typeof LegalBasisPermission];
