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
  /** Role combinations are few (a user holds one or two roles), so this stays small. */
  private readonly granted = new Map<string, string[]>();

  constructor(table: RolePermissionTable) {
    for (const role of USER_ROLES) if (!table[role]) throw new Error(`The role table has no entry for ${role}`);
    this.table = new Map(Object.entries(table));
  }

  /** The sorted union of what the roles grant; unknown roles grant nothing. Asked on every request, so kept per role set. */
  permissionsFor(roles: readonly string[]): string[] {
    const key = roles.join(',');
    let permissions = this.granted.get(key);
    if (!permissions) {
      permissions = Object.freeze([...new Set(roles.flatMap((role) => this.table.get(role) ?? []))].sort()) as string[];
      this.granted.set(key, permissions);
    }
    return permissions;
  }

  /** Every permission some role grants (a route requiring anything else is unreachable). */
  allGranted(): Set<string> {
    return new Set([...this.table.values()].flat());
  }

  rolesGranting(permission: string): string[] {
    return [...this.table.entries()].filter(([, permissions]) => permissions.includes(permission)).map(([role]) => role);
  }
}
