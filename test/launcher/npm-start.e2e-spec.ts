import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { eventually, freePort, LogCapture } from '@app/testing';

const ROOT = path.join(__dirname, '..', '..');

interface Launcher {
  process: ChildProcess;
  output: LogCapture;
  exited: Promise<number | null>;
}

/** `npm start` as a developer runs it, on its own data dir and port (never the checkout's .data). */
function startLauncher(dataDir: string, port: number): Launcher {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', REFERRAL_DESK_DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new LogCapture();
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  return { process: child, output, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

/** The pid in the latest line matching `pattern` (its first group). */
function latestPid(launcher: Launcher, pattern: RegExp): number | undefined {
  const matches = launcher.output.lines.map((line) => pattern.exec(line)).filter((match) => match !== null);
  return matches.length ? Number(matches[matches.length - 1][1]) : undefined;
}

const pids = (launcher: Launcher) => ({
  services: latestPid(launcher, /embedded PostgreSQL and Redis \(pid (\d+)/),
  postgres: latestPid(launcher, /PostgreSQL (?:on \d+ \(|is back \()pid (\d+)/),
  redis: latestPid(launcher, /Redis (?:on \d+ \(|is back \()pid (\d+)/),
  api: latestPid(launcher, /api process started \(pid (\d+)\)/),
  worker: latestPid(launcher, /worker process started \(pid (\d+)\)/),
});

/** Alive and not a zombie waiting to be reaped. */
function running(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function status(port: number, route: string): Promise<number | string> {
  try {
    return (await fetch(`http://127.0.0.1:${port}${route}`, { signal: AbortSignal.timeout(3000) })).status;
  } catch (error) {
    return (error as Error).name;
  }
}

/** Polls live and serving until stopped; returns every answer that was not a 200. */
function watchServing(port: number): { stop(): Promise<string[]> } {
  const failures: string[] = [];
  let polling = true;
  const loop = (async () => {
    while (polling) {
      for (const route of ['/health/live', '/health/serving']) {
        const answer = await status(port, route);
        if (answer !== 200) failures.push(`${route} ${answer}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    stop: async () => {
      polling = false;
      await loop;
      return failures;
    },
  };
}

async function heartbeatOf(dataDir: string, workerPid: number): Promise<boolean> {
  const runtime = JSON.parse(readFileSync(path.join(dataDir, 'runtime.json'), 'utf8'));
  const client = new Client({ connectionString: runtime.DATABASE_API_URL });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM worker_heartbeat WHERE worker_id LIKE $1', [`%:${workerPid}:%`]);
    return (rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

const untilReady = (launcher: Launcher) => eventually(() => launcher.output.text().includes('ready in'), 'the launcher to be ready', 150000);
const kill = (pid: number | undefined) => process.kill(pid as number, 'SIGKILL');

/**
 * `node scripts/start.js` end to end, with the embedded PostgreSQL and Redis in a data dir of this
 * test's own: crashes of the worker, the api, Redis and PostgreSQL are survived; a killed launcher or
 * services process leaves nothing running.
 */
describe('npm start keeps the system up and leaves nothing behind', () => {
  let dataDir: string;
  let port: number;
  const everything = (launcher: Launcher) => Object.values(pids(launcher)).filter((pid): pid is number => pid !== undefined);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'referral-desk-launcher-'));
    chmodSync(dataDir, 0o755); // the postgres OS user must reach its data
    port = await freePort();
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('restarts a killed worker, api, Redis and PostgreSQL; a killed launcher takes everything with it', async () => {
    const launcher = startLauncher(dataDir, port);
    try {
      await untilReady(launcher);
      // A readable console: no raw JSON, none of Nest's bootstrap chatter.
      const bootLines = launcher.output.lines.slice(0, launcher.output.lines.findIndex((line) => line.includes('ready in')) + 1);
      expect(bootLines.filter((line) => line.startsWith('{') || /InstanceLoader|RouterExplorer|RoutesResolver/.test(line))).toEqual([]);
      expect(bootLines.length).toBeLessThan(30);
      const first = pids(launcher);
      expect(everything(launcher)).toHaveLength(5);

      // The worker dies: the api keeps answering while a new worker starts and beats.
      const serving = watchServing(port);
      kill(first.worker);
      await eventually(() => pids(launcher).worker !== first.worker, 'a new worker process', 30000);
      const worker = pids(launcher).worker as number;
      await eventually(() => heartbeatOf(dataDir, worker), 'the new worker to beat', 60000);
      expect(await serving.stop()).toEqual([]);
      expect(launcher.output.text()).toMatch(/worker exited unexpectedly \(killed by SIGKILL\); restarting it in 1s/);
      expect(pids(launcher).api).toBe(first.api);

      // The api dies: it comes back, the worker untouched.
      kill(first.api);
      await eventually(async () => pids(launcher).api !== first.api && (await status(port, '/health/live')) === 200, 'the api to come back', 60000);
      expect(pids(launcher).worker).toBe(worker);

      // Redis dies: restarted on its port; case work (serving) never notices.
      const servingThroughRedis = watchServing(port);
      kill(first.redis);
      await eventually(() => pids(launcher).redis !== first.redis, 'Redis to be restarted', 30000);
      await eventually(async () => (await status(port, '/health/ready')) === 200, 'readiness with Redis back', 60000);
      expect(await servingThroughRedis.stop()).toEqual([]);

      // PostgreSQL dies: restarted on its port and data; the api serves again.
      kill(first.postgres);
      await eventually(() => pids(launcher).postgres !== first.postgres, 'PostgreSQL to be restarted', 60000);
      await eventually(async () => (await status(port, '/health/serving')) === 200, 'serving with PostgreSQL back', 60000);
      expect(running(first.postgres)).toBe(false);

      // The launcher dies: the services, both servers, the api and the worker go too.
      const all = everything(launcher);
      kill(launcher.process.pid);
      await eventually(() => all.every((pid) => !running(pid)), `no process left of ${all.join(', ')}`, 40000);
    } finally {
      for (const pid of [...everything(launcher), launcher.process.pid]) if (running(pid)) kill(pid);
    }
  }, 400000);

  it('a killed services process stops the launcher cleanly, servers included', async () => {
    const launcher = startLauncher(dataDir, port);
    try {
      await untilReady(launcher);
      const all = everything(launcher);
      kill(pids(launcher).services);
      expect(await launcher.exited).toBe(1);
      expect(launcher.output.text()).toMatch(/the embedded services stopped \(killed by SIGKILL\)/);
      expect(all.filter(running)).toEqual([]);
    } finally {
      for (const pid of [...everything(launcher), launcher.process.pid]) if (running(pid)) kill(pid);
    }
  }, 240000);
});
