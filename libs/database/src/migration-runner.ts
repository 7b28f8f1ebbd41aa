import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options';
import { RuntimeRoles, setRuntimeRoles } from './runtime-roles';

/**
 * Migrations run once per deploy as the schema owner (a separate step, never from every API
 * instance). An advisory lock makes two concurrent migrate steps wait for each other.
 */
const MIGRATION_LOCK_KEY = 7_412_001;

async function withOwnerDataSource<T>(ownerUrl: string, roles: RuntimeRoles, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  setRuntimeRoles(roles);
  const dataSource = new DataSource({ ...databaseOptions({ url: ownerUrl, poolSize: 2, applicationName: 'referral-desk-migrate' }) });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work(dataSource);
  } finally {
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await dataSource.destroy();
  }
}

export async function runMigrations(ownerUrl: string, roles: RuntimeRoles): Promise<string[]> {
  return withOwnerDataSource(ownerUrl, roles, async (dataSource) =>
    (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name),
  );
}

/** Reverts the last `count` applied migrations (all of them with Infinity); returns how many were reverted. */
export async function revertMigrations(ownerUrl: string, roles: RuntimeRoles, count = 1): Promise<number> {
  return withOwnerDataSource(ownerUrl, roles, async (dataSource) => {
    let reverted = 0;
    while (reverted < count && (await appliedCount(dataSource)) > 0) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted += 1;
    }
    return reverted;
  });
}

export async function pendingMigrations(ownerUrl: string, roles: RuntimeRoles): Promise<boolean> {
  return withOwnerDataSource(ownerUrl, roles, (dataSource) => dataSource.showMigrations());
}

async function appliedCount(dataSource: DataSource): Promise<number> {
  const [{ exists }] = await dataSource.query(`SELECT to_regclass('typeorm_migrations') IS NOT NULL AS exists`);
  if (!exists) return 0;
  const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM typeorm_migrations');
  return count;
}
