import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMigrations } from '@app/database';
import { freePort } from './private-redis';
import { TestDatabase, testDatabaseAt } from './test-database';
import { testServices } from './test-services';

const DATABASE = 'referral_desk';

export interface PrivatePostgres {
  /** The one migrated database of this cluster, with the suite's roles. */
  database: TestDatabase;
  /** Fast shutdown: open sessions end with SQL state 57P01, then new connections are refused. */
  stop(): Promise<void>;
  /** Starts the same cluster again, on the same port. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** Runs private-postgres-process.js and resolves with its ready line (or rejects with its output). */
function launch(settings: object): Promise<{ child: ChildProcess; superuserUrl: string }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'private-postgres-process.js'), JSON.stringify(settings)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve({ child, superuserUrl: JSON.parse(line).superuserUrl });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`private PostgreSQL exited (${code}) before it was ready:\n${output.slice(-4000)}`)));
  });
}

/**
 * A PostgreSQL cluster of one test file's own, on its own port, that the test may stop and start
 * again (outage tests must never touch the suite's shared cluster). Costs a few seconds: initdb,
 * the roles, every migration.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-desk-pg-'));
  chmodSync(dir, 0o755); // the postgres OS user must traverse it when the suite runs as root
  const roles = testServices().roles;
  const settings = { dataDir: path.join(dir, 'postgres'), port: await freePort(), superPassword: 'private-superuser-password', roles, database: DATABASE };
  let running: ChildProcess | undefined;
  const start = async () => {
    if (running) return;
    running = (await launch(settings)).child;
  };
  const stop = async () => {
    const child = running;
    running = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const { child, superuserUrl } = await launch(settings);
  running = child;
  const database = testDatabaseAt({ name: DATABASE, superuserUrl, port: settings.port });
  await runMigrations(database.ownerUrl, { api: roles.api.name, worker: roles.worker.name });
  return {
    database,
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
