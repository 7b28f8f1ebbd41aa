'use strict';
// The cost of being signed in: a signed-in read beside /health/live, in one run, on private
// PostgreSQL and Redis. Usage: `npm run bench:session [-- seconds connections rounds]` (defaults 10 s, 50, 3).
// Prints requests/s and latency percentiles of each, and the signed-in/live ratio (goal ≥ 50%).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const autocannon = require('autocannon');
const { freePort, waitFor } = require('../scripts/lib/processes');
const { startPostgres } = require('../scripts/lib/postgres-server');
const { startRedis } = require('../scripts/lib/redis-server');
const { ensureDatabase, provisionRoles, roleUrl } = require('../scripts/lib/provision');
const { runCli, spawnApp } = require('../scripts/lib/entrypoints');

const seconds = Number(process.argv[2] || 10);
const connections = Number(process.argv[3] || 50);
const rounds = Number(process.argv[4] || 3);
const ROLES = {
  owner: { name: 'referral_owner', password: 'bench-owner' },
  api: { name: 'referral_api', password: 'bench-api' },
  worker: { name: 'referral_worker', password: 'bench-worker' },
};
const KEYS = {
  FIELD_ENCRYPTION_KEYS: `b1:${Buffer.alloc(32, 3).toString('base64')}`,
  LOOKUP_HASH_KEY: Buffer.alloc(32, 5).toString('base64'),
  AUDIT_SEAL_KEY: Buffer.alloc(32, 7).toString('base64'),
};

async function services(dir) {
  const postgres = await startPostgres({ dataDir: path.join(dir, 'postgres'), port: await freePort(), superPassword: 'bench-superuser', persistent: false });
  const redis = await startRedis({ port: await freePort(), dir: path.join(dir, 'redis'), persistent: false });
  await provisionRoles(postgres.superuserUrl, ROLES);
  await ensureDatabase(postgres.superuserUrl, 'referral_bench', ROLES);
  const ownerEnv = { DATABASE_OWNER_URL: roleUrl(postgres.port, ROLES.owner, 'referral_bench'), ...KEYS };
  await runCli(['migrate'], ownerEnv);
  const credentials = path.join(dir, 'credentials.json');
  await runCli(['seed', credentials], ownerEnv);
  return { postgres, redis, credentials: JSON.parse(fs.readFileSync(credentials, 'utf8')) };
}

async function signIn(base, credential) {
  const response = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: credential.username, password: credential.password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return (response.headers.get('set-cookie') || '').split(';')[0];
}

/** CPU seconds (user + system) used so far by a process, or by it and its children (PostgreSQL's backends). */
function cpuSeconds(pid, withChildren = false) {
  const ticks = (id) => {
    try {
      const fields = fs.readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    } catch {
      return 0;
    }
  };
  const children = withChildren ? fs.readdirSync('/proc').filter((id) => /^\d+$/.test(id) && parentOf(id) === pid) : [];
  return [pid, ...children].reduce((sum, id) => sum + ticks(id), 0) / 100;
}

function parentOf(id) {
  try {
    return Number(fs.readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  } catch {
    return -1;
  }
}

function load(url, headers, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, headers }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** One timed run: rate, latency, errors, and the CPU the api and PostgreSQL spent per request. */
async function measure(url, headers, apiPid, postgresPid) {
  const before = { api: cpuSeconds(apiPid), postgres: cpuSeconds(postgresPid, true) };
  const result = await load(url, headers, seconds);
  const requests = Math.max(1, result.requests.total);
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors,
    apiMs: (1000 * (cpuSeconds(apiPid) - before.api)) / requests,
    postgresMs: (1000 * (cpuSeconds(postgresPid, true) - before.postgres)) / requests,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medians = (list) =>
  Object.fromEntries(
    Object.keys(list[0]).map((key) => [key, key === 'failures' ? list.reduce((sum, run) => sum + run.failures, 0) : median(list.map((run) => run[key]))]),
  );

const line = (row) =>
  `${row.name.padEnd(38)} ${String(Math.round(row.rate)).padStart(5)} req/s  p50 ${String(row.p50).padStart(3)} ms  p99 ${String(row.p99).padStart(3)} ms  CPU/request: api ${row.apiMs.toFixed(2)} ms, PostgreSQL ${row.postgresMs.toFixed(2)} ms  failed ${row.failures}`;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referral-desk-bench-'));
  fs.chmodSync(dir, 0o755);
  const { postgres, redis, credentials } = await services(dir);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // BENCH_BUILT=1 runs the webpack build (`npm run build` first), as the production image does.
  const api = (process.env.BENCH_BUILT ? spawnBuilt : spawnApp)('api', {
    env: {
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: roleUrl(postgres.port, ROLES.api, 'referral_bench'),
      REDIS_URL: redis.url,
      SIGN_IN_RATE_PER_MINUTE: '100000',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'info',
      ...KEYS,
    },
    stdio: 'ignore',
    // BENCH_PROFILE=dir writes a CPU profile of the api there (open it in Chrome's DevTools).
    nodeArgs: process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
  });
  try {
    await waitFor(async () => (await fetch(`${base}/health/live`)).status === 200, { timeoutMs: 60000, intervalMs: 250, what: 'the api' });
    const cookie = await signIn(
      base,
      credentials.find((entry) => entry.username === 'officer'),
    );
    const targets = [
      ['GET /health/live', `${base}/health/live`, {}],
      ['GET /api/v1/auth/session (signed in)', `${base}/api/v1/auth/session`, { cookie }],
      ['GET /api/v1/units/:id (signed in)', `${base}/api/v1/units/${await ownUnitId(base, cookie)}`, { cookie }],
    ];
    // BENCH_ONLY=<part of a name> measures only the matching targets (with BENCH_PROFILE, to profile one route).
    if (process.env.BENCH_ONLY) targets.splice(0, targets.length, ...targets.filter(([name]) => name.includes(process.env.BENCH_ONLY)));
    for (const [, url, headers] of targets) await load(url, headers, 2); // warm up
    // Interleaved rounds, medians reported: on a shared 2-core machine one run of 10 s varies by ±20%.
    const runs = new Map(targets.map(([name]) => [name, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const [name, url, headers] of targets) runs.get(name).push(await measure(url, headers, api.pid, postgres.pid));
    }
    process.stdout.write(
      `\n${connections} connections, ${rounds} interleaved rounds of ${seconds} s, medians; api: one process on ${os.cpus().length} cores, shared with PostgreSQL and this load generator\n`,
    );
    const summary = [...runs].map(([name, list]) => ({ name, ...medians(list) }));
    for (const row of summary) process.stdout.write(`${line(row)}\n`);
    const live = summary.find((row) => row.name.includes('/health/live'));
    for (const row of summary.filter((other) => other !== live && live)) {
      process.stdout.write(`${row.name}: ${Math.round((100 * row.rate) / live.rate)}% of the live rate (goal ≥ 50%)\n`);
    }
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
    await redis.stop();
    await postgres.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function spawnBuilt(app, { env, stdio, nodeArgs = [] }) {
  const entry = path.join(__dirname, '..', 'dist', 'apps', app, 'main.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  return spawn(process.execPath, [...nodeArgs, entry], { env: { ...process.env, ...env }, stdio });
}

async function ownUnitId(base, cookie) {
  const response = await fetch(`${base}/api/v1/auth/session`, { headers: { cookie } });
  return (await response.json()).unit.id;
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
