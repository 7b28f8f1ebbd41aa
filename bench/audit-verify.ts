// npm run bench:audit [-- 1000000]: verification speed of the audit trail. Starts a private
// PostgreSQL, writes N events, seals them with the worker's sealer, then times (1) the full
// verification streamed from PostgreSQL and (2) the in-process part of it, beside raw SHA-256 over
// the same bytes in the same run. Goal (Audit issue): 1M events in under 5 s, at least 50% of raw.
import { hash } from 'node:crypto';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { canonicalEventSql, chainHash, chainKey, GENESIS_HASH, readWitness, sealAllPending, verifyAuditTrail } from '@app/audit';
import { databaseOptions, runMigrations } from '@app/database';

/* eslint-disable @typescript-eslint/no-require-imports */
const { startPostgres } = require('../scripts/lib/postgres-server');
const { freePort } = require('../scripts/lib/processes');
const { ensureDatabase, provisionRoles, roleUrl } = require('../scripts/lib/provision');

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const KEY = Buffer.alloc(32, 42);
const ROLES = {
  owner: { name: 'referral_owner', password: 'bench-owner' },
  api: { name: 'referral_api', password: 'bench-api' },
  worker: { name: 'referral_worker', password: 'bench-worker' },
};
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const rate = (count: number, time: number) => `${Math.round(count / time).toLocaleString('en')} events/s`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-audit-'));
  chmodSync(dir, 0o755);
  const postgres = await startPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), superPassword: 'bench', persistent: false });
  const worker = new DataSource(databaseOptions({ url: roleUrl(postgres.port, ROLES.worker, 'bench'), poolSize: 4, applicationName: 'bench' }));
  try {
    await provisionRoles(postgres.superuserUrl, ROLES);
    await ensureDatabase(postgres.superuserUrl, 'bench', ROLES);
    await runMigrations(roleUrl(postgres.port, ROLES.owner, 'bench'), { api: ROLES.api.name, worker: ROLES.worker.name });
    const superuser = new DataSource(databaseOptions({ url: postgres.superuserUrl.replace(/\/postgres$/, '/bench'), poolSize: 1, applicationName: 'bench' }));
    await superuser.initialize();
    let started = process.hrtime.bigint();
    await superuser.query(
      `INSERT INTO audit_event (occurred_at, actor_user_id, actor_roles, actor_unit_id, action, object_type, object_id, case_id, outcome, correlation_id, client_ip, detail)
       SELECT now() - n * interval '1 millisecond', gen_random_uuid(), ARRAY['counsellor'], gen_random_uuid(),
              (ARRAY['case.viewed','referral.accepted','referral.viewed','consent.recorded'])[1 + n % 4], 'referral', gen_random_uuid()::text, gen_random_uuid(),
              'success', gen_random_uuid()::text, ('10.1.' || (n % 200) || '.' || (n % 250))::inet, jsonb_build_object('fields', jsonb_build_array('status', 'outcome'), 'from', 'pending', 'to', 'accepted')
         FROM generate_series(1, $1) AS n`,
      [EVENTS],
    );
    console.log(`wrote ${EVENTS.toLocaleString('en')} events in ${seconds(started).toFixed(1)} s`);
    await worker.initialize();
    const witnessFile = path.join(dir, 'checkpoints.jsonl');
    started = process.hrtime.bigint();
    await sealAllPending(worker, KEY, { now: () => new Date(), batchSize: 50_000, checkpointFile: witnessFile, maxBatches: 10_000 });
    const sealTime = seconds(started);
    console.log(`sealed them in ${sealTime.toFixed(1)} s (${rate(EVENTS, sealTime)})`);
    await superuser.query('VACUUM ANALYZE audit_event');
    await superuser.query('VACUUM ANALYZE audit_seal');
    const witness = readWitness(witnessFile);

    started = process.hrtime.bigint();
    const result = await verifyAuditTrail(worker, KEY, witness);
    const verifyTime = seconds(started);
    if (!result.ok || result.count !== EVENTS) throw new Error(`verification failed: ${JSON.stringify(result)}`);

    // The same bytes, in memory, for the in-process comparison.
    const rows: { seq: string; hash: string; canonical: string }[] = await superuser.query(
      `SELECT s.seq, s.hash, ${canonicalEventSql('e')} AS canonical FROM audit_seal s JOIN audit_event e USING (seq) ORDER BY s.chain_index`,
    );
    const bytes = rows.reduce((sum, row) => sum + Buffer.byteLength(row.canonical) + 65, 0);
    started = process.hrtime.bigint();
    for (const row of rows) hash('sha256', `${GENESIS_HASH}\n${row.canonical}`, 'hex');
    const rawTime = seconds(started);
    started = process.hrtime.bigint();
    const prefix = chainKey(KEY);
    let previous = GENESIS_HASH;
    for (const row of rows) {
      previous = chainHash(prefix, previous, row.canonical);
      if (previous !== row.hash) throw new Error('chain mismatch');
    }
    const inProcessTime = seconds(started);
    await superuser.destroy();

    console.log('');
    console.log(
      `verify ${EVENTS.toLocaleString('en')} events streamed from PostgreSQL: ${verifyTime.toFixed(2)} s (${rate(EVENTS, verifyTime)}), ${result.checkpointsChecked} checkpoints matched — goal < 5 s`,
    );
    console.log(`  in-process chain + MAC check over the same rows: ${inProcessTime.toFixed(2)} s (${rate(EVENTS, inProcessTime)})`);
    console.log(`  raw SHA-256 over the same ${(bytes / 1e6).toFixed(0)} MB: ${rawTime.toFixed(2)} s (${rate(EVENTS, rawTime)})`);
    console.log(
      `  end-to-end verification runs at ${((rawTime / verifyTime) * 100).toFixed(0)}% of raw SHA-256; the in-process part at ${((rawTime / inProcessTime) * 100).toFixed(0)}% — goal ≥ 50%`,
    );
  } finally {
    if (worker.isInitialized) await worker.destroy();
    if (process.env.BENCH_KEEP) {
      console.log(`kept: ${postgres.superuserUrl.replace(/\/postgres$/, '/bench')} (Ctrl-C to stop)`);
      await new Promise(() => undefined);
    }
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
