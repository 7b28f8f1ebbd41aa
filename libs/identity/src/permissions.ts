/** The six roles of DESIGN.md. Guards never check these names: they check permissions. */
export enum Role {
  DeskOfficer = 'desk_officer',
  Supervisor = 'supervisor',
  Counsellor = 'counsellor',
  CentreManager = 'centre_manager',
  Auditor = 'auditor',
  Administrator = 'administrator',
}

export const ALL_ROLES = Object.values(Role);

export enum Permission {
  /** Your own session: who am I, sign out, change password, enrol the second factor. */
  OwnSessionManage = 'own_session.manage',
  /** Units and centres as reference data (names, services, deadlines). */
  UnitRead = 'unit.read',
  UnitManage = 'unit.manage',
  /** The members of your own unit (for assigning work). */
  UnitMembersRead = 'unit_members.read',
  UserRead = 'user.read',
  UserManage = 'user.manage',
  SecurityEventRead = 'security_event.read',
  /** The audit trail: auditors all of it, supervisors their own unit's (row-level security decides). */
  AuditRead = 'audit.read',
  AuditVerify = 'audit.verify',
}

/** The one table mapping roles to permissions. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.DeskOfficer]: [Permission.OwnSessionManage, Permission.UnitRead],
  [Role.Supervisor]: [Permission.OwnSessionManage, Permission.UnitRead, Permission.UnitMembersRead, Permission.AuditRead],
  [Role.Counsellor]: [Permission.OwnSessionManage, Permission.UnitRead],
  [Role.CentreManager]: [Permission.OwnSessionManage, Permission.UnitRead, Permission.UnitMembersRead],
  [Role.Auditor]: [Permission.OwnSessionManage, Permission.UnitRead, Permission.SecurityEventRead, Permission.AuditRead, Permission.AuditVerify],
  [Role.Administrator]: [
    Permission.OwnSessionManage,
    Permission.UnitRead,
    Permission.UnitManage,
    Permission.UserRead,
    Permission.UserManage,
    Permission.SecurityEventRead,
  ],
};

export function permissionsFor(roles: readonly string[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role as Role] ?? []));
}

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
