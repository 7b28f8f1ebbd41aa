import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { readWitness, sealAllPending, sealPendingEvents, verifyAuditTrail } from '@app/audit';
import { databaseOptions } from '@app/database';
import { createTestDatabase, eventually, TEST_AUDIT_SEAL_KEY, TestDatabase } from '@app/testing';

const KEY = Buffer.from(TEST_AUDIT_SEAL_KEY, 'base64');

/*
 * Review finding: the sealer commits a batch, then appends its checkpoint to the witness file. When
 * the append fails (witness storage away, a directory or a read-only mount in its place), the batch
 * stays sealed with no witness line, nothing ever writes that line later, and (under the worker) no
 * log line or readiness check says so. Everything sealed during the outage can then be truncated by
 * a superuser and the verifier answers OK.
 */
describe('a witness outage leaves no unwitnessed sealed tail (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let dir: string;
  let witness: string;

  const insertEvents = (count: number) =>
    database.asSuperuser(
      `INSERT INTO audit_event (occurred_at, actor_roles, action, outcome, detail)
       SELECT now(), ARRAY['desk_officer'], 'case.viewed', 'success', jsonb_build_object('n', n) FROM generate_series(1, ${count}) AS n`,
    );
  const sealedCount = async () => Number((await database.asSuperuser<{ n: string }>(`SELECT count(*) AS n FROM audit_seal`))[0].n);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'review-witness-'));
    witness = path.join(dir, 'checkpoints.jsonl');
    database = await createTestDatabase();
    dataSource = new DataSource(databaseOptions({ url: database.workerUrl, poolSize: 2, applicationName: 'review-witness' }));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('truncating what was sealed while the witness could not be written is detected once the witness is back', async () => {
    const seal = () => sealAllPending(dataSource, KEY, { now: () => new Date(), checkpointFile: witness });
    await insertEvents(20);
    await eventually(async () => (await seal(), (await sealedCount()) === 20), 'the first 20 events sealed');
    expect((await verifyAuditTrail(dataSource, KEY, readWitness(witness))).ok).toBe(true);

    // The witness storage goes away; events keep coming and the sealer keeps running.
    renameSync(witness, `${witness}.away`);
    mkdirSync(witness);
    await insertEvents(30);
    await eventually(async () => {
      await sealPendingEvents((work) => dataSource.transaction(work), KEY, { now: new Date(), checkpointFile: witness }).catch(() => undefined);
      return (await sealedCount()) === 50;
    }, 'the 30 new events sealed during the outage');

    // The witness is back, and the sealer runs again before anything new is written.
    rmdirSync(witness);
    renameSync(`${witness}.away`, witness);
    await seal();

    // A superuser removes everything after the first 20 events, their seals and checkpoint rows.
    const client = await database.connect('superuser');
    try {
      await client.query(`SET session_replication_role = replica`);
      const [{ seq }] = (await client.query(`SELECT seq FROM audit_seal WHERE chain_index = 20`)).rows as Array<{ seq: string }>;
      await client.query(`DELETE FROM audit_event WHERE seq > $1`, [seq]);
      await client.query(`DELETE FROM audit_seal WHERE seq > $1`, [seq]);
      await client.query(`DELETE FROM audit_checkpoint WHERE seq > $1`, [seq]);
    } finally {
      await client.end();
    }

    const result = await verifyAuditTrail(dataSource, KEY, readWitness(witness));
    expect(result.ok).toBe(false);
  });

  it('a witness that vanished while checkpoints exist is not begun again; an empty file accepts the signed checkpoints', async () => {
    const seal = () => sealAllPending(dataSource, KEY, { now: () => new Date(), checkpointFile: witness });
    rmSync(witness, { force: true });
    await insertEvents(5);
    await expect(seal()).rejects.toThrow(/witness .* missing/);
    expect(existsSync(witness)).toBe(false); // the new batch was sealed, but no witness was started for it
    expect((await verifyAuditTrail(dataSource, KEY, readWitness(witness))).reason).toBe('witness_missing');

    writeFileSync(witness, ''); // the operator accepts the database's checkpoints as the new witness
    await seal();
    const rebuilt = readWitness(witness);
    expect(rebuilt.checkpoints.length).toBeGreaterThan(0);
    expect((await verifyAuditTrail(dataSource, KEY, rebuilt)).ok).toBe(true);
  });
});
