import { DataSource, EntityManager } from 'typeorm';
import { StaleVersionException, TransitionNotAllowedException } from '@app/core';
import { createTestDatabase, TestDatabase, testServices } from '@app/testing';
import { databaseOptions } from './database-options';
import { createHistoryTable, enableRowLevelSecurity, grantTo } from './migration-helpers';
import { setRuntimeRoles } from './runtime-roles';
import { selectPage, StateMachine, updateVersioned } from './write-helpers';

type ProbeState = 'pending' | 'accepted' | 'declined' | 'completed';
type ProbeAction = 'accept' | 'decline' | 'complete';

const PROBE_LIFECYCLE = new StateMachine<ProbeState, ProbeAction>('probe_record', {
  accept: { from: ['pending'], to: 'accepted' },
  decline: { from: ['pending'], to: 'declined' },
  complete: { from: ['accepted'], to: 'completed' },
});

/** The platform's write-path helpers against a scratch table, as the api's runtime role under row-level security. */
describe('paging, versioned updates and transitions (real PostgreSQL, runtime role)', () => {
  let database: TestDatabase;
  let api: DataSource;
  const actor = { userId: null, unitId: null };

  beforeAll(async () => {
    database = await createTestDatabase();
    const { roles } = testServices();
    setRuntimeRoles({ api: roles.api.name, worker: roles.worker.name });
    const owner = new DataSource(databaseOptions({ url: database.ownerUrl, applicationName: 'test-owner' }));
    await owner.initialize();
    const runner = owner.createQueryRunner();
    await runner.query(`CREATE TABLE probe_record (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), status text NOT NULL, name text NOT NULL,
      visible boolean NOT NULL DEFAULT true, version integer NOT NULL DEFAULT 1, updated_at timestamptz NOT NULL DEFAULT now())`);
    await enableRowLevelSecurity(runner, 'probe_record');
    await runner.query(`CREATE POLICY probe_visible ON probe_record USING (visible) WITH CHECK (visible)`);
    await createHistoryTable(runner, 'probe_record');
    await runner.query(`CREATE POLICY probe_history ON probe_record_history USING (true) WITH CHECK (true)`);
    await grantTo(runner, ['api'], 'SELECT, INSERT, UPDATE', ['probe_record', 'probe_record_history']);
    await runner.query(
      `INSERT INTO probe_record (status, name, visible) SELECT 'pending', 'probe ' || lpad(n::text, 3, '0'), n <= 120 FROM generate_series(1, 125) n`,
    );
    await runner.release();
    await owner.destroy();
    api = new DataSource(databaseOptions({ url: database.apiUrl, poolSize: 60, applicationName: 'test-api' }));
    await api.initialize();
  });
  afterAll(async () => {
    await api?.destroy();
    await database?.drop();
  });

  const inTransaction = <T>(work: (manager: EntityManager) => Promise<T>) => api.transaction(work);
  /** The n-th visible probe, fixed at the start: each test works on its own record. */
  let probeIds: string[];
  const someId = async (index = 0) => {
    probeIds ??= (await api.query(`SELECT id FROM probe_record ORDER BY name`)).map((row: { id: string }) => row.id);
    return probeIds[index];
  };

  describe('selectPage', () => {
    const page = (number: number, pageSize: number, where?: string, params?: unknown[]) =>
      inTransaction((manager) =>
        selectPage<{ name: string }>(manager, { select: 'name', from: 'probe_record', where, params, orderBy: 'name' }, { page: number, pageSize }),
      );

    it('returns one page and the total of the visible rows (row-level security applies)', async () => {
      const first = await page(1, 50);
      expect(first.total).toBe(120);
      expect(first.items).toHaveLength(50);
      expect(first.items[0]).toEqual({ name: 'probe 001' });
      const last = await page(3, 50);
      expect(last.items.map((item) => item.name)).toEqual(Array.from({ length: 20 }, (_, index) => `probe ${String(101 + index).padStart(3, '0')}`));
      expect(last.total).toBe(120);
    });

    it('past the end there are no items but still the total', async () => {
      expect(await page(9, 50)).toEqual({ items: [], total: 120 });
    });

    it('filters with parameters', async () => {
      expect(await page(1, 5, 'name LIKE $1', ['probe 11%'])).toEqual({ items: expect.any(Array), total: 10 });
    });
  });

  describe('updateVersioned', () => {
    it('updates on the current version and bumps it', async () => {
      const id = await someId(0);
      const updated = await inTransaction((manager) =>
        updateVersioned<{ name: string; version: number }>(manager, {
          table: 'probe_record',
          id,
          version: 1,
          set: { name: 'renamed' },
          at: new Date(),
          returning: 'name, version',
        }),
      );
      expect(updated).toEqual({ name: 'renamed', version: 2 });
    });

    it('a stale version is a 409 naming the current one, and changes nothing', async () => {
      const id = await someId(1);
      await inTransaction((manager) =>
        updateVersioned(manager, { table: 'probe_record', id, version: 1, set: { name: 'first' }, at: new Date(), returning: 'id' }),
      );
      const stale = inTransaction((manager) =>
        updateVersioned(manager, { table: 'probe_record', id, version: 1, set: { name: 'second' }, at: new Date(), returning: 'id' }),
      );
      await expect(stale).rejects.toBeInstanceOf(StaleVersionException);
      await expect(stale).rejects.toMatchObject({ details: { currentVersion: 2 } });
      expect((await api.query('SELECT name FROM probe_record WHERE id = $1', [id]))[0].name).toBe('first');
    });

    it('a row out of scope is undefined (the caller answers 404), never a 409 that would reveal it', async () => {
      const [hidden] = await database.asSuperuser<{ id: string }>(`SELECT id FROM probe_record WHERE NOT visible LIMIT 1`);
      const result = await inTransaction((manager) =>
        updateVersioned(manager, { table: 'probe_record', id: hidden.id, version: 1, set: { name: 'x' }, at: new Date(), returning: 'id' }),
      );
      expect(result).toBeUndefined();
    });

    it('refuses column names that are not identifiers', async () => {
      const id = await someId(2);
      await expect(
        inTransaction((manager) =>
          updateVersioned(manager, { table: 'probe_record', id, version: 1, set: { 'name = name; --': 'x' }, at: new Date(), returning: 'id' }),
        ),
      ).rejects.toThrow(/Not an identifier/);
    });
  });

  describe('StateMachine', () => {
    it('answers which actions a state allows', () => {
      expect(PROBE_LIFECYCLE.actionsFrom('pending')).toEqual(['accept', 'decline']);
      expect(PROBE_LIFECYCLE.next('accepted', 'complete')).toBe('completed');
      expect(PROBE_LIFECYCLE.next('declined', 'accept')).toBeUndefined();
    });

    it('moves the state, bumps the version and writes one history entry', async () => {
      const id = await someId(3);
      const at = new Date('2026-12-01T10:00:00Z');
      const moved = await inTransaction((manager) => PROBE_LIFECYCLE.apply(manager, { id, action: 'accept', at, actor, reasonCode: 'capacity_available' }));
      expect(moved).toEqual({ from: 'pending', to: 'accepted' });
      expect((await api.query('SELECT status, version FROM probe_record WHERE id = $1', [id]))[0]).toEqual({ status: 'accepted', version: 2 });
      const history = await api.query('SELECT action, from_state, to_state, reason_code, at FROM probe_record_history WHERE record_id = $1', [id]);
      expect(history).toEqual([{ action: 'accept', from_state: 'pending', to_state: 'accepted', reason_code: 'capacity_available', at }]);
    });

    it('sets other columns in the same UPDATE, so a constraint tying them to the state holds', async () => {
      const id = await someId(6);
      await inTransaction((manager) => PROBE_LIFECYCLE.apply(manager, { id, action: 'decline', at: new Date(), actor, set: { name: 'declined probe' } }));
      expect((await api.query('SELECT status, name FROM probe_record WHERE id = $1', [id]))[0]).toEqual({ status: 'declined', name: 'declined probe' });
    });

    it('a transition the current state does not allow is a 409 naming the state, and writes no history', async () => {
      const id = await someId(4);
      const refused = inTransaction((manager) => PROBE_LIFECYCLE.apply(manager, { id, action: 'complete', at: new Date(), actor }));
      await expect(refused).rejects.toBeInstanceOf(TransitionNotAllowedException);
      await expect(refused).rejects.toMatchObject({ details: { currentState: 'pending' } });
      expect(await api.query('SELECT 1 FROM probe_record_history WHERE record_id = $1', [id])).toHaveLength(0);
    });

    it('a record out of scope is undefined (404), not a 409', async () => {
      const [hidden] = await database.asSuperuser<{ id: string }>(`SELECT id FROM probe_record WHERE NOT visible LIMIT 1`);
      expect(await inTransaction((manager) => PROBE_LIFECYCLE.apply(manager, { id: hidden.id, action: 'accept', at: new Date(), actor }))).toBeUndefined();
    });

    it('of 50 concurrent accepts exactly one wins; the other 49 get 409 naming the new state', async () => {
      const id = await someId(5);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, () => inTransaction((manager) => PROBE_LIFECYCLE.apply(manager, { id, action: 'accept', at: new Date(), actor }))),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const loss of lost) expect(loss.reason).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', details: { currentState: 'accepted' } });
      expect(await api.query('SELECT action FROM probe_record_history WHERE record_id = $1', [id])).toEqual([{ action: 'accept' }]);
    });
  });
});
