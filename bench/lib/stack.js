'use strict';
// What the benchmarks share: private PostgreSQL and Redis, migrated and seeded; the api as a child
// process (from source, or the webpack build with BENCH_BUILT=1); signing in; CPU accounting.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { freePort, waitFor } = require('../../scripts/lib/processes');
const { startPostgres } = require('../../scripts/lib/postgres-server');
const { startRedis } = require('../../scripts/lib/redis-server');
const { ensureDatabase, provisionRoles, roleUrl } = require('../../scripts/lib/provision');
const { runCli, spawnApp } = require('../../scripts/lib/entrypoints');

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

function spawnBuilt(app, { env, stdio, nodeArgs = [] }) {
  const entry = path.join(__dirname, '..', '..', 'dist', 'apps', app, 'main.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  return spawn(process.execPath, [...nodeArgs, entry], { env: { ...process.env, ...env }, stdio });
}

/**
 * Private PostgreSQL and Redis in a scratch folder, migrated and seeded, and the api started on them
 * (BENCH_BUILT=1: the webpack build, as the production image runs; BENCH_PROFILE=dir: a CPU profile).
 */
async function startStack(dir, env = {}) {
  const { postgres, redis, credentials } = await services(dir);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = (process.env.BENCH_BUILT ? spawnBuilt : spawnApp)('api', {
    env: {
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: roleUrl(postgres.port, ROLES.api, 'referral_bench'),
      REDIS_URL: redis.url,
      SIGN_IN_RATE_PER_MINUTE: '100000',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'info',
      ...KEYS,
      ...env,
    },
    stdio: 'ignore',
    nodeArgs: process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
  });
  await waitFor(async () => (await fetch(`${base}/health/live`).catch(() => ({ status: 0 }))).status === 200, {
    timeoutMs: 60000,
    intervalMs: 250,
    what: 'the api',
  });
  const credential = (username) => credentials.find((entry) => entry.username === username);
  return {
    postgres,
    redis,
    api,
    base,
    credential,
    ownerUrl: roleUrl(postgres.port, ROLES.owner, 'referral_bench'),
    apiUrl: roleUrl(postgres.port, ROLES.api, 'referral_bench'),
    async stop() {
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
      await redis.stop();
      await postgres.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { ROLES, KEYS, startStack, signIn, cpuSeconds };
