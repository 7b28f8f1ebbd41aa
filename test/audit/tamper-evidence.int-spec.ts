import { appendFileSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { canonicalEventSql, chainHash, readWitness, sealAllPending, verifyAuditTrail, Witness } from '@app/audit';
import { databaseOptions } from '@app/database';
import { createTestDatabase, eventually, TEST_AUDIT_SEAL_KEY, TestDatabase } from '@app/testing';

const EVENTS = 10_000;
const KEY = Buffer.from(TEST_AUDIT_SEAL_KEY, 'base64');

async function withDataSource<T>(url: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(databaseOptions({ url, poolSize: 2, applicationName: 'test-audit' }));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * A trail of 10,000 events, sealed by the worker's sealer (as the worker role), then tampered with as
 * a superuser would: each tampering is found, with the first bad sequence number.
 */
describe('tamper evidence of the audit trail (real PostgreSQL)', () => {
  let sealed: TestDatabase;
  let witnessDir: string;
  let witnessFile: string;

  beforeAll(async () => {
    witnessDir = mkdtempSync(path.join(os.tmpdir(), 'audit-witness-'));
    witnessFile = path.join(witnessDir, 'checkpoints.jsonl');
    sealed = await createTestDatabase();
    await sealed.asSuperuser(
      `INSERT INTO audit_event (occurred_at, actor_user_id, actor_roles, actor_unit_id, action, object_type, object_id, outcome, correlation_id, client_ip, detail)
       SELECT now() - (${EVENTS} - n) * interval '1 second', gen_random_uuid(), ARRAY['desk_officer'], gen_random_uuid(),
              (ARRAY['case.viewed','referral.accepted','sign_in.succeeded'])[1 + n % 3], 'case', gen_random_uuid()::text,
              'success', 'req-' || n, ('10.0.0.' || (n % 250))::inet, jsonb_build_object('fields', jsonb_build_array('status'), 'n', n)
         FROM generate_series(1, ${EVENTS}) AS n`,
    );
    // Other test files' open transactions hold the cluster-wide xmin back for a moment: seal until done.
    let count = 0;
    await withDataSource(sealed.workerUrl, (dataSource) =>
      eventually(async () => {
        count += await sealAllPending(dataSource, KEY, { now: () => new Date(), checkpointFile: witnessFile, batchSize: 2500 });
        return count === EVENTS;
      }, 'all events sealed'),
    );
  });
  afterAll(async () => {
    await sealed.drop();
    rmSync(witnessDir, { recursive: true, force: true });
  });

  const verifySealed = (witness: Witness) => withDataSource(sealed.workerUrl, (dataSource) => verifyAuditTrail(dataSource, KEY, witness));

  /** Runs statements as a superuser who switched the append-only triggers off. */
  async function asTamperer(database: TestDatabase, sql: string[]): Promise<void> {
    const client = await database.connect('superuser');
    try {
      await client.query(`SET session_replication_role = replica`);
      for (const statement of sql) await client.query(statement);
    } finally {
      await client.end();
    }
  }

  /** A copy of the sealed trail to damage, so each case starts from the same intact chain. */
  async function onCopy<T>(work: (copy: TestDatabase) => Promise<T>): Promise<T> {
    const copy = await createTestDatabase({ template: sealed.name });
    try {
      return await work(copy);
    } finally {
      await copy.drop();
    }
  }

  const tampered = (sql: string[]) =>
    onCopy(async (copy) => {
      await asTamperer(copy, sql);
      return withDataSource(copy.workerUrl, (dataSource) => verifyAuditTrail(dataSource, KEY, readWitness(witnessFile)));
    });

  it('the intact trail verifies, every checkpoint matching', async () => {
    const result = await verifySealed(readWitness(witnessFile));
    expect(result).toEqual({ ok: true, count: EVENTS, checkpointsChecked: readWitness(witnessFile).checkpoints.length });
    expect(result.checkpointsChecked).toBeGreaterThanOrEqual(4);
  });

  it('an edited field is found at its sequence', async () => {
    expect(await tampered([`UPDATE audit_event SET outcome = 'failure' WHERE seq = 5000`])).toEqual(
      expect.objectContaining({ ok: false, reason: 'edited', firstBadSeq: 5000 }),
    );
  });

  it('a deleted middle event is found', async () => {
    expect(await tampered([`DELETE FROM audit_event WHERE seq = 4321`])).toEqual(expect.objectContaining({ ok: false, reason: 'deleted', firstBadSeq: 4321 }));
  });

  it('a deleted event together with its seal is found', async () => {
    expect(await tampered([`DELETE FROM audit_event WHERE seq = 4321`, `DELETE FROM audit_seal WHERE seq = 4321`])).toEqual(
      expect.objectContaining({ ok: false, reason: 'deleted', firstBadSeq: 4321 }),
    );
  });

  it('two swapped events are found at the first of them', async () => {
    const swap = `UPDATE audit_event a SET action = b.action, object_id = b.object_id, detail = b.detail, correlation_id = b.correlation_id
                    FROM audit_event b WHERE (a.seq, b.seq) IN ((3000, 7000), (7000, 3000))`;
    expect(await tampered([swap])).toEqual(expect.objectContaining({ ok: false, reason: 'edited', firstBadSeq: 3000 }));
  });

  it('a truncated tail (events, seals and database checkpoints) is found against the witness file', async () => {
    const result = await tampered([
      `DELETE FROM audit_event WHERE seq > 9000`,
      `DELETE FROM audit_seal WHERE seq > 9000`,
      `DELETE FROM audit_checkpoint WHERE chain_index > 9000`,
    ]);
    expect(result).toEqual(expect.objectContaining({ ok: false, reason: 'truncated', firstBadSeq: 9001, count: 9000 }));
  });

  it('a chain recomputed from event k onwards without the key is found at k', async () => {
    const k = 6000;
    const copy = await createTestDatabase({ template: sealed.name });
    try {
      const client = await copy.connect('superuser');
      try {
        await client.query(`SET session_replication_role = replica`);
        await client.query(`UPDATE audit_event SET outcome = 'denied' WHERE seq = $1`, [k]);
        // The tamperer knows the algorithm but not the key: re-hash every seal from k on with a guess.
        const { rows: before } = await client.query(`SELECT hash FROM audit_seal WHERE chain_index = $1`, [k - 1]);
        let previous: string = before[0].hash;
        const { rows } = await client.query(
          `SELECT s.chain_index, app.audit_canonical(e) AS canonical FROM audit_seal s JOIN audit_event e ON e.seq = s.seq WHERE s.chain_index >= $1 ORDER BY s.chain_index`,
          [k],
        );
        expect(rows).toHaveLength(EVENTS - k + 1); // otherwise nothing is re-hashed and only the edit is tested
        for (const row of rows) {
          previous = chainHash('a guessed key', previous, row.canonical);
          await client.query(`UPDATE audit_seal SET hash = $2 WHERE chain_index = $1`, [row.chain_index, previous]);
        }
      } finally {
        await client.end();
      }
      const result = await withDataSource(copy.workerUrl, (dataSource) => verifyAuditTrail(dataSource, KEY, readWitness(witnessFile)));
      expect(result).toEqual(expect.objectContaining({ ok: false, reason: 'edited', firstBadSeq: k }));
    } finally {
      await copy.drop();
    }
  });

  it('the SQL function and the inlined canonical expression agree on every event', async () => {
    const [row] = await sealed.asSuperuser<{ differ: number }>(
      `SELECT count(*)::int AS differ FROM audit_event e WHERE app.audit_canonical(e) IS DISTINCT FROM (${canonicalEventSql('e')})`,
    );
    expect(row.differ).toBe(0);
  });

  it('a forged line in the witness file is refused, naming its line', async () => {
    const witness = readWitness(witnessFile);
    witness.checkpoints[1] = { ...witness.checkpoints[1], headHash: 'f'.repeat(64) };
    const result = await verifySealed(witness);
    expect(result).toEqual(expect.objectContaining({ ok: false, reason: 'checkpoint_forged', firstBadSeq: witness.checkpoints[1].seq, witnessLine: 2 }));
  });

  it('a deleted newest event replaced by a filler, which the sealer seals at the same chain index, is found (two witness lines for one index)', async () => {
    const witnessCopy = path.join(witnessDir, 'filler.jsonl');
    copyFileSync(witnessFile, witnessCopy);
    const result = await onCopy(async (copy) => {
      await asTamperer(copy, [
        `DELETE FROM audit_event WHERE seq = ${EVENTS}`,
        `DELETE FROM audit_seal WHERE seq = ${EVENTS}`,
        `DELETE FROM audit_checkpoint WHERE chain_index = ${EVENTS}`,
        `INSERT INTO audit_event (occurred_at, actor_user_id, actor_roles, actor_unit_id, action, object_type, object_id, outcome, correlation_id, client_ip, detail)
         VALUES (now(), gen_random_uuid(), ARRAY['desk_officer'], gen_random_uuid(), 'case.viewed', 'case', gen_random_uuid()::text, 'success', 'req-filler', '10.0.0.7', '{"fields":["status"]}')`,
      ]);
      await withDataSource(copy.workerUrl, (dataSource) =>
        eventually(async () => (await sealAllPending(dataSource, KEY, { now: () => new Date(), checkpointFile: witnessCopy })) === 1, 'the filler sealed'),
      );
      return withDataSource(copy.workerUrl, (dataSource) => verifyAuditTrail(dataSource, KEY, readWitness(witnessCopy)));
    });
    const linesForNewest = readWitness(witnessCopy).checkpoints.filter((checkpoint) => checkpoint.chainIndex === EVENTS);
    expect(linesForNewest.map((checkpoint) => checkpoint.seq)).toEqual([EVENTS, EVENTS + 1]); // the sealer re-used the index
    expect(result).toEqual(expect.objectContaining({ ok: false, reason: 'rewritten', firstBadSeq: EVENTS, witnessLine: linesForNewest[0].line }));
  });

  it('a witness line repeated word for word is no tampering', async () => {
    const witness = readWitness(witnessFile);
    const repeated: Witness = { ...witness, checkpoints: [...witness.checkpoints, { ...witness.checkpoints[0], line: witness.checkpoints.length + 1 }] };
    expect(await verifySealed(repeated)).toEqual({ ok: true, count: EVENTS, checkpointsChecked: witness.checkpoints.length + 1 });
  });

  it('a missing or emptied witness file is reported, even with the tail truncated: never OK with 0 checkpoints', async () => {
    const emptied = path.join(witnessDir, 'emptied.jsonl');
    writeFileSync(emptied, '\n');
    for (const file of [path.join(witnessDir, 'missing.jsonl'), emptied]) {
      expect([file, await verifySealed(readWitness(file))]).toEqual([file, expect.objectContaining({ ok: false, reason: 'witness_missing', count: EVENTS })]);
    }
    const unconfigured = await verifySealed(readWitness(undefined));
    expect(unconfigured).toEqual(expect.objectContaining({ ok: false, reason: 'witness_missing', message: expect.stringContaining('AUDIT_CHECKPOINT_FILE') }));
    const truncated = await onCopy(async (copy) => {
      await asTamperer(copy, [`DELETE FROM audit_event WHERE seq > 9000`, `DELETE FROM audit_seal WHERE seq > 9000`, `DELETE FROM audit_checkpoint`]);
      return withDataSource(copy.workerUrl, (dataSource) => verifyAuditTrail(dataSource, KEY, readWitness(emptied)));
    });
    expect(truncated).toEqual(expect.objectContaining({ ok: false, reason: 'witness_missing', count: 9000 }));
  });

  it('a new trail (nothing sealed yet) verifies without a witness file', async () => {
    const fresh = await createTestDatabase();
    try {
      const result = await withDataSource(fresh.workerUrl, (dataSource) =>
        verifyAuditTrail(dataSource, KEY, readWitness(path.join(witnessDir, 'missing.jsonl'))),
      );
      expect(result).toEqual({ ok: true, count: 0, checkpointsChecked: 0 });
    } finally {
      await fresh.drop();
    }
  });

  it('a malformed witness line is reported with its line number, not thrown', async () => {
    const damaged = path.join(witnessDir, 'damaged.jsonl');
    copyFileSync(witnessFile, damaged);
    appendFileSync(damaged, '{"chainIndex":9999,"seq":99');
    const result = await verifySealed(readWitness(damaged));
    expect(result).toEqual(expect.objectContaining({ ok: false, reason: 'witness_malformed', witnessLine: readWitness(witnessFile).checkpoints.length + 1 }));
  });

  it('verifies on a pool of a single connection (seals and events read on it in turn)', async () => {
    const single = new DataSource(databaseOptions({ url: sealed.workerUrl, poolSize: 1, applicationName: 'test-audit-one' }));
    await single.initialize();
    try {
      expect(await verifyAuditTrail(single, KEY, readWitness(witnessFile))).toEqual(expect.objectContaining({ ok: true, count: EVENTS }));
    } finally {
      await single.destroy();
    }
  });
});
