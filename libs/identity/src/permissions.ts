import { Role } from '@app/core';

/** What the identity lib's routes and policies ask for. The role table that grants them is composed in apps/api. */
export const IdentityPermission = {
  /** Your own session: who am I, sign out, change password, enrol the second factor. */
  OwnSessionManage: 'own_session.manage',
  /** Units and centres as reference data (names, services, deadlines). */
  UnitRead: 'unit.read',
  UnitManage: 'unit.manage',
  /** The members of your own unit (for assigning work). */
  UnitMembersRead: 'unit_members.read',
  UserRead: 'user.read',
  UserManage: 'user.manage',
} as const;
export type IdentityPermission = (typeof IdentityPermission)[keyof typeof IdentityPermission];

export enum UnitKind {
  PoliceUnit = 'police_unit',
  PartnerCentre = 'partner_centre',
  Ministry = 'ministry',
  System = 'system',
}

/** Which kind of unit each role belongs to: a counsellor to a centre, a desk officer to a police unit. */
export const ROLE_UNIT_KIND: Record<Role, UnitKind> = {
  [Role.DeskOfficer]: UnitKind.PoliceUnit,
  [Role.Supervisor]: UnitKind.PoliceUnit,
  [Role.Counsellor]: UnitKind.PartnerCentre,
  [Role.CentreManager]: UnitKind.PartnerCentre,
  [Role.Auditor]: UnitKind.Ministry,
  [Role.Administrator]: UnitKind.System,
};

/** Roles whose holders must use a second factor whatever the configuration says. */
export const ROLES_REQUIRING_TOTP: readonly Role[] = [Role.Supervisor, Role.Administrator, Role.Auditor];

export function requiresSecondFactor(roles: readonly string[], requiredForAll: boolean): boolean {
  return requiredForAll || roles.some((role) => ROLES_REQUIRING_TOTP.includes(role as Role));
}

/**
 * Roles whose grant (a new account holding one, or adding it) and whose holders' password resets need
 * a second administrator's approval: together they can read the whole trail or change who can.
 */
export const PRIVILEGED_ROLES: readonly Role[] = [Role.Auditor, Role.Administrator];
