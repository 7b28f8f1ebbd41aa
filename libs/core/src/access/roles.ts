/**
 * The roles of DESIGN.md, declared once: the identity lib's DTOs and rules, the migrations' CHECK
 * constraints, the test fixtures and the authorization matrix all take them from here. Guards never
 * check these names: they check permissions (see RolePermissions).
 */
export const Role = {
  DeskOfficer: 'desk_officer',
  Supervisor: 'supervisor',
  Counsellor: 'counsellor',
  CentreManager: 'centre_manager',
  Auditor: 'auditor',
  Administrator: 'administrator',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Every role a person can hold, in a fixed order. */
export const USER_ROLES: readonly Role[] = Object.values(Role);

/** The worker's own role: never held by a user, never assignable by an administrator. */
export const SYSTEM_ROLE = 'system';

/** What the audit trail may record as an actor's roles: the user roles and the system actor. */
export const ACTOR_ROLES: readonly string[] = [...USER_ROLES, SYSTEM_ROLE];

export const isUserRole = (value: string): value is Role => (USER_ROLES as readonly string[]).includes(value);
