'use strict';
// The cost of being signed in: a signed-in read beside /health/live, in one run, on private
// PostgreSQL and Redis. Usage: `npm run bench:session [-- seconds connections]` (defaults 10 s, 50).
// Prints requests/s and latency percentiles of each, and the signed-in/live ratio (goal ≥ 50%).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { freePort, waitFor } = require('../scripts/lib/processes');
const { startPostgres } = require('../scripts/lib/postgres-server');
const { startRedis } = require('../scripts/lib/redis-server');
const { ensureDatabase, provisionRoles, roleUrl } = require('../scripts/lib/provision');
const { runCli, spawnApp } = require('../scripts/lib/entrypoints');

const seconds = Number(process.argv[2] || 10);
const connections = Number(process.argv[3] || 50);
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

function load(url, headers, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, headers }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const line = (name, result) =>
  `${name.padEnd(34)} ${String(Math.round(result.requests.average)).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   non-2xx ${result.non2xx}   errors ${result.errors}`;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referral-desk-bench-'));
  fs.chmodSync(dir, 0o755);
  const { postgres, redis, credentials } = await services(dir);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = spawnApp('api', {
    env: {
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: roleUrl(postgres.port, ROLES.api, 'referral_bench'),
      REDIS_URL: redis.url,
      SIGN_IN_RATE_PER_MINUTE: '100000',
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
    for (const [, url, headers] of targets) await load(url, headers, 2); // warm up
    const results = [];
    for (const [name, url, headers] of targets) results.push([name, await load(url, headers, seconds)]);
    process.stdout.write(
      `\n${connections} connections, ${seconds} s each, api: one process on ${os.cpus().length} cores (shared with PostgreSQL and this load generator)\n`,
    );
    for (const [name, result] of results) process.stdout.write(`${line(name, result)}\n`);
    const live = results[0][1].requests.average;
    for (const [name, result] of results.slice(1))
      process.stdout.write(`${name}: ${Math.round((100 * result.requests.average) / live)}% of the live rate (goal ≥ 50%)\n`);
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
    await redis.stop();
    await postgres.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function ownUnitId(base, cookie) {
  const response = await fetch(`${base}/api/v1/auth/session`, { headers: { cookie } });
  return (await response.json()).unit.id;
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
