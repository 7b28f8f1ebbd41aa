'use strict';
// `npm start`: the whole system on one machine. With DATABASE_URL and REDIS_URL unset it brings its
// own PostgreSQL and Redis (scripts/services.js); either way it migrates, seeds the demo data where
// that is allowed, starts the api and the worker, and prints the URL. Ctrl-C stops what it started.
const { spawn } = require('node:child_process');
const path = require('node:path');
const http = require('node:http');
const { ROOT, runCli, spawnApp } = require('./lib/entrypoints');
const { stopPid, waitFor } = require('./lib/processes');

const env = process.env;
const port = env.PORT || '3000';
const log = (message) => process.stdout.write(`[start] ${message}\n`);
const children = [];
let services;
let shuttingDown = false;

function startServices() {
  return new Promise((resolve, reject) => {
    // detached: its own process group, out of reach of the terminal's Ctrl-C
    services = spawn(process.execPath, [path.join(__dirname, 'services.js')], { cwd: ROOT, detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    services.once('message', (message) => (message.ready ? resolve(message.runtime) : reject(new Error('services failed'))));
    services.once('exit', (code) => reject(new Error(`The embedded services stopped (exit ${code})`)));
  });
}

/** Where each piece runs: the embedded services, or the servers named in the environment. */
async function resolveTargets() {
  if (env.DATABASE_URL && env.REDIS_URL) {
    if (!env.DATABASE_OWNER_URL) throw new Error('DATABASE_OWNER_URL is required with an external DATABASE_URL: migrations run as the schema owner');
    return {
      external: true,
      ownerUrl: env.DATABASE_OWNER_URL,
      apiUrl: env.DATABASE_URL,
      workerUrl: env.DATABASE_WORKER_URL || env.DATABASE_URL,
      redisUrl: env.REDIS_URL,
      roles: {},
      keys: {},
    };
  }
  if (env.DATABASE_URL || env.REDIS_URL) throw new Error('Set both DATABASE_URL and REDIS_URL to use external servers, or neither for the embedded ones');
  log('starting the embedded PostgreSQL and Redis (data in .data/)');
  const runtime = await startServices();
  return {
    external: false,
    ownerUrl: runtime.DATABASE_OWNER_URL,
    apiUrl: runtime.DATABASE_API_URL,
    workerUrl: runtime.DATABASE_WORKER_URL,
    redisUrl: runtime.REDIS_URL,
    roles: { DATABASE_API_ROLE: runtime.DATABASE_API_ROLE, DATABASE_WORKER_ROLE: runtime.DATABASE_WORKER_ROLE },
    keys: {
      FIELD_ENCRYPTION_KEYS: runtime.FIELD_ENCRYPTION_KEYS,
      LOOKUP_HASH_KEY: runtime.LOOKUP_HASH_KEY,
      AUDIT_SEAL_KEY: runtime.AUDIT_SEAL_KEY,
      AUDIT_CHECKPOINT_FILE: runtime.AUDIT_CHECKPOINT_FILE,
    },
  };
}

function liveCheck() {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/health/live', timeout: 1000 }, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      })
      .on('error', () => resolve(false));
  });
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping api and worker (in-flight work finishes first)');
  await Promise.all(children.map((child) => stopPid(child.pid, { signal: 'SIGTERM', timeoutMs: 35000 })));
  if (services && services.exitCode === null) {
    services.send('stop');
    await waitFor(() => services.exitCode !== null, { timeoutMs: 40000, what: 'services to stop' }).catch(() => services.kill('SIGKILL'));
  }
  log('stopped');
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  const startedAt = Date.now();
  const targets = await resolveTargets();
  const common = { ...targets.roles, ...targets.keys, REDIS_URL: targets.redisUrl, PORT: port };
  log('running migrations');
  process.stdout.write(await runCli(['migrate'], { ...common, DATABASE_OWNER_URL: targets.ownerUrl }));
  if (!targets.external || env.SEED_DEMO === 'true') {
    const credentialsFile = path.join(ROOT, '.data', 'demo-credentials.json');
    require('node:fs').mkdirSync(path.dirname(credentialsFile), { recursive: true });
    process.stdout.write(await runCli(['seed', credentialsFile], { ...common, DATABASE_OWNER_URL: targets.ownerUrl }));
  }
  for (const [app, databaseUrl] of [
    ['api', targets.apiUrl],
    ['worker', targets.workerUrl],
  ]) {
    const child = spawnApp(app, { env: { ...common, DATABASE_URL: databaseUrl } });
    child.on('exit', (code) => {
      if (!shuttingDown) {
        log(`${app} exited unexpectedly (${code}); stopping everything`);
        shutdown(1);
      }
    });
    children.push(child);
  }
  await waitFor(liveCheck, { timeoutMs: 120000, intervalMs: 250, what: 'the API to answer' });
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  log(`ready in ${seconds}s: http://localhost:${port}  (API docs: http://localhost:${port}/api/docs, readiness: /health/ready)`);
  log('press Ctrl-C to stop');
}

main().catch(async (error) => {
  process.stderr.write(`[start] ${error.message}\n`);
  await shutdown(1);
});
