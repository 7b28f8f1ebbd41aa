import { DEMO_USERS } from '@app/identity';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { seedDemoIdentity } from '../support/identity-fixtures';
import { inScopedTransaction, TestScope } from '../support/scoped-client';

/** Row-level security on the identity tables, as the api's runtime role, with and without a scope. */
describe('identity tables under row-level security (real PostgreSQL, runtime role)', () => {
  let database: TestDatabase;
  let ids: Record<string, { id: string; unit_id: string }>;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoIdentity(database);
    const users = await database.asSuperuser<{ username: string; id: string; unit_id: string }>('SELECT username, id, unit_id FROM app_user');
    ids = Object.fromEntries(users.map((user) => [user.username, user]));
    await database.asSuperuser(
      `INSERT INTO user_session (user_id, token_hash, stage, created_at, last_seen_at, expires_at)
       SELECT id, 'hash-' || username, 'active', now(), now(), now() + interval '1 hour' FROM app_user`,
    );
    await database.asSuperuser(`INSERT INTO audit_event (occurred_at, action, outcome) VALUES (now(), 'sign_in.failed', 'failure')`);
  });
  afterAll(() => database.drop());

  const asApi = <T>(scope: TestScope, work: (client: Client) => Promise<T>) => inScopedTransaction(database, 'api', scope, work);
  const count = async (client: Client, table: string) => (await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

  it('with no scope set, every identity table shows 0 rows', async () => {
    await asApi({}, async (client) => {
      for (const table of ['unit', 'app_user', 'user_session', 'audit_event']) expect([table, await count(client, table)]).toEqual([table, 0]);
    });
  });

  it('a desk officer sees only their own user row and sessions; units as reference data; no security events', async () => {
    const officer = ids.officer;
    await asApi({ userId: officer.id, unitId: officer.unit_id, roles: ['desk_officer'] }, async (client) => {
      expect((await client.query('SELECT id FROM app_user')).rows).toEqual([{ id: officer.id }]);
      expect((await client.query('SELECT DISTINCT user_id FROM user_session')).rows).toEqual([{ user_id: officer.id }]);
      expect(await count(client, 'unit')).toBe(7);
      expect(await count(client, 'audit_event')).toBe(0);
    });
  });

  it("a desk officer cannot end someone else's session or change another user", async () => {
    const officer = ids.officer;
    await asApi({ userId: officer.id, unitId: officer.unit_id, roles: ['desk_officer'] }, async (client) => {
      expect((await client.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1`, [ids.supervisor.id])).rowCount).toBe(0);
      expect((await client.query(`UPDATE app_user SET display_name = 'x' WHERE id = $1`, [ids.supervisor.id])).rowCount).toBe(0);
      await expect(
        client.query(`INSERT INTO unit (kind, code, name_ar, name_en, created_at, updated_at) VALUES ('police_unit', 'ROGUE', 'x', 'x', now(), now())`),
      ).rejects.toThrow(/row-level security/);
    });
  });

  it('a supervisor sees the members of their own unit only', async () => {
    const supervisor = ids.supervisor;
    await asApi({ userId: supervisor.id, unitId: supervisor.unit_id, roles: ['supervisor'] }, async (client) => {
      const visible = (await client.query('SELECT username FROM app_user ORDER BY username')).rows.map((row) => row.username);
      expect(visible).toEqual(['officer', 'officer2', 'supervisor', 'supervisor2']);
    });
  });

  it('a permissions setting without a user id opens nothing but what the permissions alone allow', async () => {
    await asApi({ roles: ['auditor'] }, async (client) => {
      expect(await count(client, 'app_user')).toBe(0);
      expect(await count(client, 'audit_event')).toBe(1);
    });
  });

  it('policies follow permissions, not role names: a role name alone opens nothing', async () => {
    await asApi({ userId: ids.admin.id, unitId: ids.admin.unit_id, roles: ['administrator'], permissions: [] }, async (client) => {
      expect((await client.query('SELECT id FROM app_user')).rows).toEqual([{ id: ids.admin.id }]);
      expect(await count(client, 'audit_event')).toBe(0);
    });
    await asApi(
      { userId: ids.officer.id, unitId: ids.officer.unit_id, roles: ['desk_officer'], permissions: ['user.read', 'audit.read_all'] },
      async (client) => {
        expect(await count(client, 'app_user')).toBe(DEMO_USERS.length);
        expect(await count(client, 'audit_event')).toBe(1);
      },
    );
  });

  it('the runtime role cannot call the sign-in functions it was not granted, nor bypass them', async () => {
    await expect(database.as('worker', `SELECT * FROM app.find_user_for_sign_in('admin')`)).rejects.toThrow(/permission denied/);
    const [found] = await database.as<{ id: string }>('api', `SELECT id FROM app.find_user_for_sign_in('ADMIN')`);
    expect(found.id).toBe(ids.admin.id);
  });
});
