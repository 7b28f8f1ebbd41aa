'use strict';
// A private redis-server from PATH: its own port and dir, never the machine's shared instance.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const { stopPid, waitFor } = require('./processes');

function findRedisServer() {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** redis-server from PATH; as root on Debian/Ubuntu, installed from the distribution when missing. */
function ensureRedisServer(log = () => undefined) {
  const existing = findRedisServer();
  if (existing) return existing;
  const canApt = process.getuid() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
  if (canApt) {
    log('redis-server not found; installing the redis-server package with apt-get');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-q', 'redis-server'], { stdio: 'inherit', env });
    const installed = findRedisServer();
    if (installed) return installed;
  }
  throw new Error(
    'redis-server is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) ' +
      'or point REDIS_URL at a Redis 7 server.',
  );
}

function ping(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('data', (data) => {
      socket.destroy();
      resolve(String(data).startsWith('+PONG'));
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Starts redis-server; `persistent` keeps an append-only file (the npm start instance), tests need not.
 * `exited` resolves with { code, signal } when the server goes.
 */
async function startRedis({ port, dir, persistent, log = () => undefined }) {
  const binary = ensureRedisServer(log);
  fs.mkdirSync(dir, { recursive: true });
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
    '--protected-mode',
    'yes',
    '--daemonize',
    'no',
  ];
  args.push('--appendonly', persistent ? 'yes' : 'no');
  const output = [];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.stdout.on('data', (chunk) => output.push(String(chunk)));
  child.stderr.on('data', (chunk) => output.push(String(chunk)));
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error('exited');
        return ping(port);
      },
      { timeoutMs: 15000, intervalMs: 50, what: 'Redis to answer PING' },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`Redis did not start (${error.message}). Its output:\n${output.join('').slice(-3000)}`);
  }
  return { port, pid: child.pid, url: `redis://127.0.0.1:${port}`, exited, stop: () => stopPid(child.pid, { signal: 'SIGTERM', timeoutMs: 10000 }) };
}

module.exports = { startRedis, ensureRedisServer };
