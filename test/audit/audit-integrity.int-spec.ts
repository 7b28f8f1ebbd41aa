import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { readWitness, sealAllPending, verifyAuditTrail } from '@app/audit';
import { databaseOptions } from '@app/database';
import { createTestDatabase, eventually, TEST_AUDIT_SEAL_KEY, TestDatabase } from '@app/testing';

const KEY = Buffer.from(TEST_AUDIT_SEAL_KEY, 'base64');
const witnessDir = mkdtempSync(path.join(os.tmpdir(), 'audit-witness-'));
const witnessFile = path.join(witnessDir, 'checkpoints.jsonl');
const seal = (worker: DataSource) => sealAllPending(worker, KEY, { now: () => new Date(), checkpointFile: witnessFile });
const verify = (worker: DataSource) => verifyAuditTrail(worker, KEY, readWitness(witnessFile));
const sealedCount = async (database: TestDatabase) => (await database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM audit_seal'))[0].n;
/** Other test files' open transactions hold the cluster-wide xmin back for a moment: seal until `expected`. */
const sealUntil = (worker: DataSource, database: TestDatabase, expected: number) =>
  eventually(async () => (await seal(worker), (await sealedCount(database)) >= expected), `${expected} events sealed`);

const insertEvent = (action: string) => `INSERT INTO audit_event (occurred_at, action, outcome) VALUES (now(), '${action}', 'success')`;

describe('the audit trail is append-only and sealed in commit order (real PostgreSQL)', () => {
  let database: TestDatabase;
  let worker: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = new DataSource(databaseOptions({ url: database.workerUrl, poolSize: 2, applicationName: 'test-sealer' }));
    await worker.initialize();
    await database.as('api', insertEvent('probe.first'));
  });
  afterAll(async () => {
    await worker.destroy();
    await database.drop();
    rmSync(witnessDir, { recursive: true, force: true });
  });

  it('a transaction that took a low sequence number and commits late is sealed after it commits, and the chain stays valid', async () => {
    await sealUntil(worker, database, 1);
    const slow = await database.connect('api');
    try {
      await slow.query('BEGIN');
      await slow.query(insertEvent('probe.slow'));
      await database.as('api', insertEvent('probe.quick'));
      await seal(worker);
      const sealedWhileOpen = await database.asSuperuser<{ action: string }>(
        'SELECT e.action FROM audit_seal s JOIN audit_event e USING (seq) ORDER BY s.chain_index',
      );
      expect(sealedWhileOpen.map((row) => row.action)).toEqual(['probe.first']); // nothing at or after the open transaction
      await slow.query('COMMIT');
      await sealUntil(worker, database, 3);
      const chain = await database.asSuperuser<{ action: string; seq: string }>(
        'SELECT e.action, e.seq FROM audit_seal s JOIN audit_event e USING (seq) ORDER BY s.chain_index',
      );
      expect(chain.map((row) => row.action)).toEqual(['probe.first', 'probe.slow', 'probe.quick']);
      const [slowEvent, quickEvent] = await database.asSuperuser<{ seq: string }>(
        `SELECT seq FROM audit_event WHERE action IN ('probe.slow', 'probe.quick') ORDER BY action DESC`,
      );
      expect(Number(slowEvent.seq)).toBeLessThan(Number(quickEvent.seq)); // the late one holds the lower number
      expect(chain[1].seq).toBe(slowEvent.seq);
      expect(await verify(worker)).toEqual({ ok: true, count: 3, checkpointsChecked: readWitness(witnessFile).checkpoints.length });
    } finally {
      await slow.end();
    }
  });

  it('an older transaction that writes after a younger one is sealed before it, out of sequence order, and still verifies', async () => {
    const before = await sealedCount(database);
    const older = await database.connect('api');
    const younger = await database.connect('api');
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()'); // takes its transaction id first
      await younger.query('BEGIN');
      await younger.query(insertEvent('probe.younger')); // lower sequence number, younger transaction
      await older.query(insertEvent('probe.older')); // higher sequence number, older transaction
      await older.query('COMMIT');
      await sealUntil(worker, database, before + 1);
      await younger.query('COMMIT');
      await sealUntil(worker, database, before + 2);
    } finally {
      await older.end();
      await younger.end();
    }
    const chain = await database.asSuperuser<{ action: string; seq: string }>(
      `SELECT e.action, e.seq FROM audit_seal s JOIN audit_event e USING (seq) WHERE e.action IN ('probe.older', 'probe.younger') ORDER BY s.chain_index`,
    );
    expect(chain.map((row) => row.action)).toEqual(['probe.older', 'probe.younger']);
    expect(Number(chain[0].seq)).toBeGreaterThan(Number(chain[1].seq));
    expect(await verify(worker)).toEqual(expect.objectContaining({ ok: true, count: before + 2 }));
  });

  it('two sealers at once never seal an event twice', async () => {
    for (let i = 0; i < 50; i += 1) await database.as('api', insertEvent('probe.parallel'));
    const before = await sealedCount(database);
    const results = await Promise.all([seal(worker), seal(worker)]);
    await sealUntil(worker, database, before + 50);
    const [{ sealed, distinct }] = await database.asSuperuser<{ sealed: number; distinct: number }>(
      'SELECT count(*)::int AS sealed, count(DISTINCT seq)::int AS distinct FROM audit_seal',
    );
    expect(sealed).toBe(distinct);
    expect(sealed).toBe(before + 50);
    expect(results[0] + results[1]).toBeLessThanOrEqual(50);
    expect(await verify(worker)).toEqual(expect.objectContaining({ ok: true, count: before + 50 }));
  });

  it('leaves rows in every audit table for the append-only checks below (row triggers fire only on rows)', async () => {
    const [counts] = await database.asSuperuser<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM audit_event) AS events, (SELECT count(*)::int FROM audit_seal) AS seals,
              (SELECT count(*)::int FROM audit_checkpoint) AS checkpoints`,
    );
    for (const table of ['events', 'seals', 'checkpoints']) expect([table, counts[table] > 0]).toEqual([table, true]);
  });

  it.each([
    ['api', 'UPDATE audit_event SET outcome = $$failure$$', /permission denied/],
    ['api', 'DELETE FROM audit_event', /permission denied/],
    ['api', 'TRUNCATE audit_event', /permission denied/],
    ['worker', 'DELETE FROM audit_seal', /permission denied/],
    ['owner', 'UPDATE audit_event SET outcome = $$failure$$', /append-only/],
    ['owner', 'DELETE FROM audit_event', /append-only/],
    ['owner', 'TRUNCATE audit_event', /append-only/],
    ['owner', 'UPDATE audit_seal SET hash = hash', /append-only/],
    ['owner', 'DELETE FROM audit_checkpoint', /append-only/],
    ['superuser', 'DELETE FROM audit_event', /append-only/],
  ] as const)('(with rows to touch) as %s, "%s" fails', async (role, sql, expected) => {
    const run = role === 'superuser' ? database.asSuperuser(sql) : database.as(role, sql);
    await expect(run).rejects.toThrow(expected);
  });
});
