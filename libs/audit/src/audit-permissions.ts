/** What the audit trail's routes and policies ask for. The role table that grants them is composed in apps/api. */
export const AuditPermission = {
  /** The whole trail (auditors). */
  ReadAll: 'audit.read_all',
  /** The events of your own unit's people (supervisors; later also of your unit's cases). */
  ReadOwnUnit: 'audit.read_unit',
  /** Sign-in, account, session and access events (auditors and administrators). */
  SecurityEventRead: 'security_event.read',
  Verify: 'audit.verify',
  /** The worker's system actor: chain new events into the trail. */
  Seal: 'audit.seal',
} as const;
export type AuditPermission = (typeof AuditPermission)[keyof typeof AuditPermission];
