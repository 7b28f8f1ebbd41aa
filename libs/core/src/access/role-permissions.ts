import { Role, USER_ROLES } from './roles';

/** role → the permissions it grants. Each capability lib declares its permissions; the app composes the table. */
export type RolePermissionTable = Readonly<Record<Role, readonly string[]>>;

/**
 * The one role-to-permission table, handed to the guard and the transaction runner through dependency
 * injection: composed in apps/api (and the worker's system actor in apps/worker), so no lib imports
 * a higher one to learn another's permission names.
 */
export class RolePermissions {
  private readonly table: ReadonlyMap<string, readonly string[]>;

  constructor(table: RolePermissionTable) {
    for (const role of USER_ROLES) if (!table[role]) throw new Error(`The role table has no entry for ${role}`);
    this.table = new Map(Object.entries(table));
  }

  /** The sorted union of what the roles grant; unknown roles grant nothing. */
  permissionsFor(roles: readonly string[]): string[] {
    return [...new Set(roles.flatMap((role) => this.table.get(role) ?? []))].sort();
  }

  /** Every permission some role grants (a route requiring anything else is unreachable). */
  allGranted(): Set<string> {
    return new Set([...this.table.values()].flat());
  }

  rolesGranting(permission: string): string[] {
    return [...this.table.entries()].filter(([, permissions]) => permissions.includes(permission)).map(([role]) => role);
  }
}
