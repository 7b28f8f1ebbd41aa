import { DataSource } from 'typeorm';
import { readWitness, verifyAuditTrail } from '@app/audit';
import { loadConfig } from '@app/core';
import { runtimeDatabaseOptions } from '@app/database';
import { createTestDatabase, eventually, TEST_AUDIT_SEAL_KEY, TestDatabase, testEnvironment } from '@app/testing';

const APPLICATION = 'test-runtime-pool';

/**
 * The api's and the worker's pools as DatabaseModule builds them, with limits of one second: a
 * transaction left open (it would hold audit sealing back for the whole cluster) and a runaway
 * statement are ended by the server, and the pool carries on.
 */
describe('runtime pools end idle transactions and runaway statements (real PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: DataSource;

  const sessionsOf = async (pid: number) => (await database.asSuperuser('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).length;

  beforeAll(async () => {
    database = await createTestDatabase();
    const limits = { DATABASE_STATEMENT_TIMEOUT_SECONDS: '1', DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: '1' };
    pool = new DataSource(runtimeDatabaseOptions(loadConfig(testEnvironment(database, 'api', limits)), APPLICATION, 2));
    await pool.initialize();
  });
  afterAll(async () => {
    await pool?.destroy();
    await database?.drop();
  });

  it('every session of the pool carries both limits', async () => {
    const [limits] = await pool.query(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle_in_transaction`,
    );
    expect(limits).toEqual({ statement: '1s', idle_in_transaction: '1s' });
  });

  it('a transaction left idle while holding a transaction id is ended by the server; the pool goes on', async () => {
    const runner = pool.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const [{ pid }] = await runner.query('SELECT pg_backend_pid() AS pid, pg_current_xact_id()');
    await eventually(async () => (await sessionsOf(pid)) === 0, 'the server to end the idle transaction', 15000);
    await expect(runner.query('SELECT 1')).rejects.toThrow(/idle-in-transaction timeout|Connection terminated|already released/);
    await runner.release();
    expect(await pool.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('a statement over the timeout fails with the statement-timeout error, and its connection stays usable', async () => {
    await expect(pool.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014', message: expect.stringMatching(/statement timeout/) });
    const runner = pool.createQueryRunner();
    try {
      await expect(runner.query('SELECT pg_sleep(5)')).rejects.toThrow(/statement timeout/);
      expect(await runner.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await runner.release();
    }
  });

  it('the audit verifier lifts both limits inside its own (read-only) transactions', async () => {
    const locker = await database.connect('superuser');
    try {
      // The verifier's read of the seals waits on this lock past the statement timeout, its other connection idling meanwhile.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE audit_seal IN ACCESS EXCLUSIVE MODE');
      const verification = verifyAuditTrail(pool, Buffer.from(TEST_AUDIT_SEAL_KEY, 'base64'), readWitness(undefined));
      const waitedPastTheTimeout = async () =>
        (
          await database.asSuperuser(
            `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock' AND now() - query_start > interval '1500 milliseconds'`,
            [APPLICATION],
          )
        ).length > 0;
      await eventually(waitedPastTheTimeout, 'the verifier to wait past the statement timeout', 15000);
      await locker.query('COMMIT');
      expect(await verification).toEqual({ ok: true, count: 0, checkpointsChecked: 0 });
    } finally {
      await locker.end();
    }
  });
});
