'use strict';
// `npm start`: the whole system on one machine. With DATABASE_URL and REDIS_URL unset it brings its
// own PostgreSQL and Redis (scripts/services.js); either way it migrates, seeds the demo data where
// that is allowed, starts the api and the worker, and prints the URL. A crashed api or worker is
// restarted (the other keeps running); the children's JSON logs are shown readably. Ctrl-C stops
// what it started.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, DATA_DIR, runCli, spawnApp } = require('./lib/entrypoints');
const { httpStatus, stopPid, waitFor } = require('./lib/processes');
const { formatLine, formatOwn, pipeFormatted } = require('./lib/pretty-log');
const { Supervisor, describeExit } = require('./lib/supervisor');
const { buildWebApp, webBuildReason } = require('./lib/web-build');

const env = process.env;
const port = env.PORT || '3000';
const log = (message, level = 'info') => process.stdout.write(`${formatOwn('start', level, message)}\n`);
const printOutput = (output, source) => output.split('\n').forEach((line) => line && process.stdout.write(`${formatLine(line, source)}\n`));
const shownPath = (dir) => (dir.startsWith(`${ROOT}${path.sep}`) ? path.relative(ROOT, dir) : dir);
const apps = [];
let services;
let servicePids = {};
let shuttingDown = false;

function startServices() {
  return new Promise((resolve, reject) => {
    let ready = false;
    // detached: its own process group, out of reach of the terminal's Ctrl-C
    services = spawn(process.execPath, [path.join(__dirname, 'services.js')], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    log(`starting the embedded PostgreSQL and Redis (pid ${services.pid}, data in ${shownPath(DATA_DIR)})`);
    pipeFormatted(services.stdout, 'services');
    pipeFormatted(services.stderr, 'services');
    services.on('message', (message) => {
      if (message.pids) servicePids = message.pids;
      if (!message.ready) return;
      ready = true;
      resolve(message.runtime);
    });
    services.once('exit', (code, signal) => {
      const how = describeExit(code, signal);
      if (!ready) return reject(new Error(`The embedded services stopped while starting (${how})`));
      if (shuttingDown) return;
      log(`the embedded services stopped (${how}): PostgreSQL and Redis are gone; stopping everything`, 'error');
      void shutdown(1);
    });
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

/** The api or the worker, restarted when it crashes; the IPC channel lets it see this launcher die. */
function superviseApp(app, databaseUrl, common) {
  const supervisor = new Supervisor({
    name: app,
    log,
    spawnChild: () => {
      const child = spawnApp(app, { env: { ...common, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      pipeFormatted(child.stdout, app);
      pipeFormatted(child.stderr, app);
      return child;
    },
    onFailure: (reason) => {
      log(`${reason}; stopping everything`, 'error');
      void shutdown(1);
    },
  });
  supervisor.start();
  return supervisor;
}

/** Asks the services process to stop its servers; if it was killed outright, stops them by pid. */
async function stopServices() {
  if (!services) return;
  if (services.exitCode === null && services.signalCode === null && services.connected) {
    services.send('stop');
    await waitFor(() => services.exitCode !== null || services.signalCode !== null, { timeoutMs: 40000, what: 'services to stop' }).catch(() =>
      services.kill('SIGKILL'),
    );
  }
  const signalFor = (name) => (name === 'PostgreSQL' ? 'SIGINT' : 'SIGTERM'); // SIGINT: PostgreSQL's fast shutdown
  await Promise.all(Object.entries(servicePids).map(([name, pid]) => stopPid(pid, { signal: signalFor(name), timeoutMs: 30000 })));
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping api and worker (in-flight work finishes first)');
  await Promise.all(apps.map((app) => app.stop()));
  await stopServices();
  log('stopped');
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  const startedAt = Date.now();
  const stale = webBuildReason();
  if (stale) {
    log(`building the web app (${stale})`);
    buildWebApp(log);
  }
  const targets = await resolveTargets();
  const common = { ...targets.roles, ...targets.keys, REDIS_URL: targets.redisUrl, PORT: port };
  log('running migrations');
  printOutput(await runCli(['migrate'], { ...common, DATABASE_OWNER_URL: targets.ownerUrl }), 'cli');
  if (!targets.external || env.SEED_DEMO === 'true') {
    const credentialsFile = path.join(DATA_DIR, 'demo-credentials.json');
    fs.mkdirSync(path.dirname(credentialsFile), { recursive: true });
    printOutput(await runCli(['seed', credentialsFile], { ...common, DATABASE_OWNER_URL: targets.ownerUrl }), 'cli');
  }
  apps.push(superviseApp('api', targets.apiUrl, common), superviseApp('worker', targets.workerUrl, common));
  await waitFor(async () => (await httpStatus(port, '/health/live')) === 200, { timeoutMs: 120000, intervalMs: 250, what: 'the API to answer' });
  for (const app of apps) app.keepAlive();
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  log(`ready in ${seconds}s: open the app at http://localhost:${port}/  (API docs: http://localhost:${port}/api/docs, readiness: /health/ready)`);
  log('a crashed api or worker is restarted; press Ctrl-C to stop');
}

main().catch(async (error) => {
  log(error.message, 'error');
  await shutdown(1);
});
