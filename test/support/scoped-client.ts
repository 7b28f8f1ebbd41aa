import { Client } from 'pg';
import { RolePermissions } from '@app/core';
import { SCOPE_SETTINGS_SQL, scopeSettingsParams } from '@app/database';
import { TestDatabase } from '@app/testing';
import { ROLE_PERMISSIONS } from '../../apps/api/src/role-permissions';

const rolePermissions = new RolePermissions(ROLE_PERMISSIONS);

export interface TestScope {
  userId?: string;
  unitId?: string;
  roles?: string[];
  /** Defaults to what the roles grant in the api's role table. */
  permissions?: string[];
}

/**
 * Runs `work` in one transaction as a runtime role, with the scope the transaction runner would set
 * (the same statement), for row-level-security tests below HTTP.
 */
export async function inScopedTransaction<T>(
  database: TestDatabase,
  role: 'api' | 'worker',
  scope: TestScope,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = await database.connect(role);
  try {
    await client.query('BEGIN');
    const roles = scope.roles ?? [];
    await client.query(
      SCOPE_SETTINGS_SQL,
      scopeSettingsParams({
        userId: scope.userId ?? '',
        unitId: scope.unitId ?? '',
        roles,
        permissions: scope.permissions ?? rolePermissions.permissionsFor(roles),
        correlationId: '',
      }),
    );
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
  }
}
