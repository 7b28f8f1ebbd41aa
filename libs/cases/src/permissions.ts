/** What the cases lib's routes and policies ask for. The role table that grants them is composed in apps/api. */
export const CasePermission = {
  Create: 'case.create',
  /** The cases you opened or are assigned to (desk officers). */
  ReadOwn: 'case.read_own',
  /** Every case of your own unit (supervisors); the unit hierarchy grants nothing. */
  ReadUnit: 'case.read_unit',
  Update: 'case.update',
  Reveal: 'case.reveal',
  ManageSubjects: 'case.subjects_manage',
  Search: 'case.search',
  Close: 'case.close',
  Reopen: 'case.reopen',
  Escalate: 'case.escalate',
  Reassign: 'case.reassign',
} as const;
export type CasePermission = (typeof CasePermission)[keyof typeof CasePermission];

export const PersonPermission = {
  Create: 'person.create',
  /** A person who is a subject of a case you may read, or whom you recorded. */
  Read: 'person.read',
  Update: 'person.update',
  Reveal: 'person.reveal',
  Search: 'person.search',
  /** Duplicate suggestions among your own unit's persons (names and birth years only). */
  Suggest: 'person.suggest',
} as const;
export type PersonPermission = (typeof PersonPermission)[keyof typeof PersonPermission];

/** Either read permission opens a case: the access service answers which scope applies. */
export const CASE_READ_PERMISSIONS = [CasePermission.ReadOwn, CasePermission.ReadUnit] as const;
