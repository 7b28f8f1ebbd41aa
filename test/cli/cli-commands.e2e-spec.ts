import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { readWitness, sealAllPending } from '@app/audit';
import { databaseOptions, MIGRATIONS } from '@app/database';
import { DEMO_USERS } from '@app/identity';
import { createTestDatabase, eventually, runChildApp, TEST_AUDIT_SEAL_KEY, TEST_FIELD_KEYS, TEST_LOOKUP_KEY, TestDatabase, testServices } from '@app/testing';

const EVENTS = 500;
const MIGRATION_NAMES = MIGRATIONS.map((migration) => new migration().name);

/** Every cli command, run as the operator runs it: a separate process against a database of its own. */
describe('the operator cli (child process, real PostgreSQL)', () => {
  let workDir: string;

  const cli = (database: TestDatabase, args: string[], env: Record<string, string> = {}) =>
    runChildApp(
      'cli',
      {
        DATABASE_OWNER_URL: database.ownerUrl,
        DATABASE_API_ROLE: testServices().roles.api.name,
        DATABASE_WORKER_ROLE: testServices().roles.worker.name,
        ...env,
      },
      args,
    );
  const tableExists = async (database: TestDatabase, table: string) =>
    (await database.asSuperuser<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]))[0].present;

  beforeAll(() => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'cli-e2e-'));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  describe('migrations', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase({ empty: true });
    });
    afterAll(() => database.drop());

    // One database through the whole life of the schema, so these run in order.
    it('migrate:pending says migrations are pending; migrate applies them all, in order', async () => {
      expect(await cli(database, ['migrate:pending'])).toEqual({ code: 0, output: '[cli] migrations are pending' });
      expect(await cli(database, ['migrate'])).toEqual({ code: 0, output: `[cli] applied ${MIGRATION_NAMES.join(', ')}` });
      expect(await tableExists(database, 'audit_event')).toBe(true);
    });

    it('then migrate and migrate:pending both say the schema is up to date', async () => {
      expect(await cli(database, ['migrate'])).toEqual({ code: 0, output: '[cli] schema is up to date' });
      expect(await cli(database, ['migrate:pending'])).toEqual({ code: 0, output: '[cli] schema is up to date' });
    });

    it('migrate:revert n, then all: exit 0, saying how many, and the tables go with them', async () => {
      const allButFoundation = MIGRATION_NAMES.length - 1;
      expect(await cli(database, ['migrate:revert', String(allButFoundation)])).toEqual({ code: 0, output: `[cli] reverted ${allButFoundation} migration(s)` });
      const tables = ['audit_event', 'unit', 'worker_heartbeat'];
      expect(await Promise.all(tables.map((table) => tableExists(database, table)))).toEqual([false, false, true]); // the foundation stays
      expect(await cli(database, ['migrate:revert', 'all'])).toEqual({ code: 0, output: '[cli] reverted 1 migration(s)' });
      expect(await tableExists(database, 'worker_heartbeat')).toBe(false);
    });

    it('a revert count that is not a number exits 1 with the usage', async () => {
      const { code, output } = await cli(database, ['migrate:revert', 'zero']);
      expect([code, output]).toEqual([1, expect.stringMatching(/^\[cli\] usage: cli migrate \| migrate:revert/)]);
    });
  });

  describe('seed', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(() => database.drop());

    it('creates the demo units and users once, prints the accounts once and writes them to a 0600 file', async () => {
      const file = path.join(workDir, 'demo-credentials.json');
      const first = await cli(database, ['seed', file], { FIELD_ENCRYPTION_KEYS: TEST_FIELD_KEYS, LOOKUP_HASH_KEY: TEST_LOOKUP_KEY });
      expect(first.code).toBe(0);
      expect(first.output).toContain(`[cli] identity: 6 unit(s) and ${DEMO_USERS.length} user(s) created (existing ones kept)`);
      expect(first.output).toContain('[cli] cases: 3 demo case(s) created (existing ones kept)');
      expect(first.output).toContain('[cli] consent: 1 demo consent record(s) created (existing ones kept)');
      expect(first.output).toContain('[cli] demo accounts created');
      const written: { username: string; password: string }[] = JSON.parse(readFileSync(file, 'utf8'));
      expect(written.map((entry) => entry.username).sort()).toEqual(DEMO_USERS.map((user) => user.username).sort());
      for (const entry of written) expect(first.output).toContain(entry.password);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect((await database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM app_user'))[0].n).toBe(DEMO_USERS.length);

      const again = await cli(database, ['seed', file], { FIELD_ENCRYPTION_KEYS: TEST_FIELD_KEYS, LOOKUP_HASH_KEY: TEST_LOOKUP_KEY });
      expect(again).toEqual({
        code: 0,
        output: [
          '[cli] identity: 0 unit(s) and 0 user(s) created (existing ones kept)',
          '[cli] cases: 0 demo case(s) created (existing ones kept)',
          '[cli] consent: 0 demo consent record(s) created (existing ones kept)',
        ].join('\n'),
      });
      const references = await database.asSuperuser<{ reference: string }>('SELECT reference FROM case_file ORDER BY reference');
      expect(references.map((row) => row.reference)).toEqual([
        expect.stringMatching(/^CP-\d{4}-000001$/),
        expect.stringMatching(/-000002$/),
        expect.stringMatching(/-000003$/),
      ]);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(written);
    });

    it('exits 1 without the field encryption keys', async () => {
      const { code, output } = await cli(database, ['seed']);
      expect(code).toBe(1);
      expect(output).toContain('FIELD_ENCRYPTION_KEYS is required for the seed');
    });
  });

  describe('audit:verify', () => {
    let database: TestDatabase;
    let witnessFile: string;
    const verifyEnv = (file: string) => ({ AUDIT_SEAL_KEY: TEST_AUDIT_SEAL_KEY, AUDIT_CHECKPOINT_FILE: file });
    const lastVerification = async () =>
      (
        await database.asSuperuser<{ outcome: string; detail: Record<string, unknown>; actor_user_id: string | null }>(
          `SELECT outcome, detail, actor_user_id FROM audit_event WHERE action = 'audit.verified' ORDER BY seq DESC LIMIT 1`,
        )
      )[0];

    beforeAll(async () => {
      database = await createTestDatabase();
      witnessFile = path.join(workDir, 'checkpoints.jsonl');
    });
    afterAll(() => database.drop());

    it('a new trail (nothing sealed, no witness yet) verifies: exit 0', async () => {
      const { code, output } = await cli(database, ['audit:verify'], verifyEnv(witnessFile));
      expect([code, output]).toEqual([0, expect.stringMatching(/^\[cli\] audit trail OK: 0 sealed events, 0 of 0 checkpoints matched/)]);
    });

    it('a sealed trail verifies against its witness: exit 0, and the run is an audit event', async () => {
      await database.asSuperuser(
        `INSERT INTO audit_event (occurred_at, action, object_type, object_id, outcome, detail)
         SELECT now(), 'case.viewed', 'case', gen_random_uuid()::text, 'success', jsonb_build_object('n', n) FROM generate_series(1, ${EVENTS}) AS n`,
      );
      const worker = new DataSource(databaseOptions({ url: database.workerUrl, poolSize: 2, applicationName: 'test-sealer' }));
      await worker.initialize();
      try {
        let sealed = 0;
        const key = Buffer.from(TEST_AUDIT_SEAL_KEY, 'base64');
        // Other test files' open transactions hold the cluster-wide xmin back for a moment: seal until done.
        await eventually(
          async () => (sealed += await sealAllPending(worker, key, { now: () => new Date(), checkpointFile: witnessFile, batchSize: 100 })) >= EVENTS,
          'all events sealed',
        );
      } finally {
        await worker.destroy();
      }
      const [{ n: sealedEvents }] = await database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM audit_seal');
      const lines = readWitness(witnessFile).checkpoints.length;
      expect([sealedEvents, lines]).toEqual([EVENTS + 1, expect.any(Number)]); // and the first run's audit.verified event
      const { code, output } = await cli(database, ['audit:verify'], verifyEnv(witnessFile));
      expect([code, output]).toEqual([
        0,
        expect.stringMatching(new RegExp(`^\\[cli\\] audit trail OK: ${sealedEvents} sealed events, ${lines} of ${lines} checkpoints matched`)),
      ]);
      expect(await lastVerification()).toEqual({
        outcome: 'success',
        actor_user_id: null,
        detail: expect.objectContaining({ count: sealedEvents, reason: null, firstBadSeq: null, source: 'cli' }),
      });
    });

    it('a missing witness file is reported (exit 2), not passed as 0 checkpoints', async () => {
      const { code, output } = await cli(database, ['audit:verify'], verifyEnv(path.join(workDir, 'no-such-witness.jsonl')));
      expect([code, output]).toEqual([2, expect.stringMatching(/^\[cli\] audit trail NOT VERIFIED: witness_missing/)]);
      expect(await lastVerification()).toEqual(expect.objectContaining({ outcome: 'failure', detail: expect.objectContaining({ reason: 'witness_missing' }) }));
    });

    it('a malformed witness line is reported with its line number (exit 2)', async () => {
      const damaged = path.join(workDir, 'damaged.jsonl');
      copyFileSync(witnessFile, damaged);
      appendFileSync(damaged, '{"chainIndex":9999,"seq":99');
      const { code, output } = await cli(database, ['audit:verify'], verifyEnv(damaged));
      const line = readWitness(witnessFile).checkpoints.length + 1;
      expect([code, output]).toEqual([
        2,
        expect.stringMatching(new RegExp(`^\\[cli\\] audit trail NOT VERIFIED: witness_malformed: witness line ${line} is not a checkpoint`)),
      ]);
    });

    it('a tampered trail exits 2 naming the reason and the first bad sequence, and the failure is an audit event', async () => {
      const [{ seq }] = await database.asSuperuser<{ seq: string }>(`SELECT seq FROM audit_seal WHERE chain_index = 123`);
      await database.asSuperuser(
        `BEGIN; SET LOCAL session_replication_role = replica; UPDATE audit_event SET outcome = 'denied' WHERE seq = ${Number(seq)}; COMMIT;`,
      );
      const { code, output } = await cli(database, ['audit:verify'], verifyEnv(witnessFile));
      expect([code, output]).toEqual([2, expect.stringMatching(new RegExp(`^\\[cli\\] audit trail TAMPERED: edited at sequence ${seq}: `))]);
      expect(await lastVerification()).toEqual(
        expect.objectContaining({ outcome: 'failure', detail: expect.objectContaining({ reason: 'edited', firstBadSeq: Number(seq), source: 'cli' }) }),
      );
    });

    it('exits 1 without the seal key', async () => {
      const { code, output } = await cli(database, ['audit:verify']);
      expect(code).toBe(1);
      expect(output).toContain('AUDIT_SEAL_KEY is required');
    });
  });
});
