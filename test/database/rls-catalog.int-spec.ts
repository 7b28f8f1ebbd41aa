import { RolePermissions } from '@app/core';
import { createTestDatabase, TestDatabase, testServices } from '@app/testing';
import { ROLE_PERMISSIONS } from '../../apps/api/src/role-permissions';
import { SYSTEM_PERMISSIONS } from '../../apps/worker/src/system-actor';

/**
 * Tables deliberately left without row-level security, each with its reason. Every other table must
 * have RLS enabled and forced: this holds as later issues add tables.
 */
export const TABLES_WITHOUT_RLS: Record<string, string> = {
  typeorm_migrations: 'migration bookkeeping; the runtime roles have no grant on it',
  worker_heartbeat: 'operational liveness of worker processes; no case content, no user data',
  audit_seal: 'hashes and MACs of audit events only; append-only by trigger; the api may only read it',
  audit_checkpoint: 'signed chain heads only; append-only by trigger; the api may only read it',
  office_holiday: 'the days the centres’ offices are closed: public knowledge, no case content, no user data',
  // RLS on, not forced: the owner's app.person_lookup must reach their GIN and trigram indexes, which no
  // policy would let it use (`&&` is not leakproof). No runtime role has a grant on them (test/cases/person-lookup.e2e-spec.ts).
  person_lookup: 'hashed look-up terms of persons; read only through app.person_lookup, for the caller’s unit',
  person_lookup_word: 'the unit’s known name words; read only through app.person_lookup, for the caller’s unit',
};

describe('database catalog guards (real PostgreSQL)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('every table outside the allow-list has row-level security enabled and forced', async () => {
    const tables = await database.asSuperuser<{ table: string; enabled: boolean; forced: boolean }>(`
      SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname IN ('public', 'app') AND c.relkind IN ('r', 'p')`);
    const unprotected = tables.filter((table) => !(table.table in TABLES_WITHOUT_RLS) && !(table.enabled && table.forced));
    expect(unprotected).toEqual([]);
    expect(tables.length).toBeGreaterThanOrEqual(Object.keys(TABLES_WITHOUT_RLS).length);
  });

  it('the allow-list names only tables that exist', async () => {
    const rows = await database.asSuperuser<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relname = ANY($1::text[]) AND relkind = 'r'`, [
      Object.keys(TABLES_WITHOUT_RLS),
    ]);
    expect(rows.map((row) => row.name).sort()).toEqual(Object.keys(TABLES_WITHOUT_RLS).sort());
  });

  it('the runtime roles are neither superuser, BYPASSRLS, nor owners of anything', async () => {
    const { api, worker } = testServices().roles;
    const roles = await database.asSuperuser<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; owned: number; createdb: boolean }>(
      `SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreatedb AS createdb,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE r.rolname = ANY($1::text[]) ORDER BY r.rolname`,
      [[api.name, worker.name]],
    );
    expect(roles).toEqual([
      { rolname: api.name, rolsuper: false, rolbypassrls: false, createdb: false, owned: 0 },
      { rolname: worker.name, rolsuper: false, rolbypassrls: false, createdb: false, owned: 0 },
    ]);
  });

  it('the runtime roles cannot read the migration bookkeeping or create tables', async () => {
    await expect(database.as('api', 'SELECT * FROM typeorm_migrations')).rejects.toThrow(/permission denied/);
    await expect(database.as('api', 'CREATE TABLE sneaky (id int)')).rejects.toThrow(/permission denied/);
    await expect(database.as('worker', 'CREATE TABLE sneaky (id int)')).rejects.toThrow(/permission denied/);
  });

  it('the scope settings are per transaction: gone after commit on the same connection', async () => {
    const client = await database.connect('api');
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.user_id', '00000000-0000-0000-0000-000000000001', true)`);
      const inside = await client.query(`SELECT app.current_user_id()::text AS user_id`);
      await client.query('COMMIT');
      const after = await client.query(`SELECT app.current_user_id()::text AS user_id`);
      expect(inside.rows[0].user_id).toBe('00000000-0000-0000-0000-000000000001');
      expect(after.rows[0].user_id).toBeNull();
    } finally {
      await client.end();
    }
  });

  it('policies check permissions, never role names, and every permission they name is granted by some role', async () => {
    const policies = await database.asSuperuser<{ policy: string; text: string }>(
      `SELECT tablename || '.' || policyname AS policy, coalesce(qual, '') || ' ' || coalesce(with_check, '') AS text FROM pg_policies WHERE schemaname = 'public'`,
    );
    expect(policies.length).toBeGreaterThan(5);
    expect(policies.filter((policy) => /has_role|current_roles/.test(policy.text))).toEqual([]);
    const named = new Set(policies.flatMap((policy) => [...policy.text.matchAll(/has_permission\('([a-z_.]+)'/g)].map((match) => match[1])));
    expect(named.size).toBeGreaterThan(3);
    const granted = new Set([...new RolePermissions(ROLE_PERMISSIONS).allGranted(), ...SYSTEM_PERMISSIONS]);
    expect([...named].filter((permission) => !granted.has(permission))).toEqual([]);
  });

  it("the role lists in CHECK constraints are the code's: users never hold the system role, the trail records it", async () => {
    const owner = await database.connect('owner');
    try {
      await expect(
        owner.query(`INSERT INTO app_user (unit_id, username, display_name, roles, password_hash, password_changed_at, created_at, updated_at)
          VALUES (app.system_unit_id(), 'sys', 'x', '{system}', '$argon2id$x', now(), now(), now())`),
      ).rejects.toThrow(/app_user_roles_check/);
      await owner.query(`INSERT INTO audit_event (occurred_at, actor_roles, action, outcome) VALUES (now(), '{system}', 'audit.sealed', 'success')`);
    } finally {
      await owner.end();
    }
  });
});
