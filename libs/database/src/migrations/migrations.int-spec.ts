import { createTestDatabase, TestDatabase, testServices } from '@app/testing';
import { pendingMigrations, revertMigrations, runMigrations } from '../migration-runner';
import { MIGRATIONS } from './index';

describe('migrations on a fresh database (real PostgreSQL)', () => {
  let database: TestDatabase;
  const roles = () => ({ api: testServices().roles.api.name, worker: testServices().roles.worker.name });

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
  });
  afterAll(() => database.drop());

  const schemaFacts = async () => {
    const [facts] = await database.asSuperuser<{ tables: string[]; extensions: string[]; functions: number }>(`
      SELECT coalesce(array_agg(DISTINCT c.relname::text) FILTER (WHERE c.relname IS NOT NULL AND c.relname <> 'typeorm_migrations'), '{}') AS tables,
             (SELECT coalesce(array_agg(extname::text ORDER BY extname), '{}') FROM pg_extension WHERE extname IN ('pg_trgm', 'pgcrypto')) AS extensions,
             (SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'app') AS functions
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname IN ('public', 'app') AND c.relkind = 'r'`);
    return facts;
  };

  it('run → revert all → run again leaves the same schema', async () => {
    expect(await runMigrations(database.ownerUrl, roles())).toHaveLength(MIGRATIONS.length);
    const afterFirstRun = await schemaFacts();
    expect(afterFirstRun.extensions).toEqual(['pg_trgm', 'pgcrypto']);
    expect(afterFirstRun.tables).toContain('worker_heartbeat');
    expect(afterFirstRun.functions).toBeGreaterThan(0);
    expect(await pendingMigrations(database.ownerUrl, roles())).toBe(false);

    expect(await revertMigrations(database.ownerUrl, roles(), Infinity)).toBe(MIGRATIONS.length);
    expect(await schemaFacts()).toEqual({ tables: [], extensions: [], functions: 0 });
    expect(await pendingMigrations(database.ownerUrl, roles())).toBe(true);

    expect(await runMigrations(database.ownerUrl, roles())).toHaveLength(MIGRATIONS.length);
    expect(await schemaFacts()).toEqual(afterFirstRun);
  });

  it('a second run applies nothing', async () => {
    expect(await runMigrations(database.ownerUrl, roles())).toEqual([]);
  });

  it('creates the extensions as the owner, who is not a superuser', async () => {
    const [owner] = await database.asSuperuser<{ rolsuper: boolean }>(`SELECT rolsuper FROM pg_roles WHERE rolname = $1`, [testServices().roles.owner.name]);
    expect(owner.rolsuper).toBe(false);
  });

  it('the trigram extension works on Arabic text (the cluster is UTF-8)', async () => {
    const [row] = await database.as<{ trigrams: number; encoding: string }>(
      'owner',
      `SELECT cardinality(show_trgm('أحمد')) AS trigrams, pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()`,
    );
    expect(row.encoding).toBe('UTF8');
    expect(row.trigrams).toBeGreaterThan(0);
  });
});
