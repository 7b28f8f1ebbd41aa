import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { LogCapture } from './log-capture';

const ROOT = path.join(__dirname, '..', '..', '..');
const ENTRY = { api: 'apps/api/src/main.ts', worker: 'apps/worker/src/main.ts', cli: 'apps/cli/src/main.ts' };

export interface ChildApp {
  process: ChildProcess;
  logs: LogCapture;
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs an app from source as a real separate process, as `npm start` does, capturing its output. */
export function startChildApp(app: keyof typeof ENTRY, env: Record<string, string>, args: string[] = []): ChildApp {
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'scripts', 'register-ts.js'), path.join(ROOT, ENTRY[app]), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = new LogCapture();
  child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    logs,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs an app to completion (the cli): its exit code and everything it printed, read to the end. */
export async function runChildApp(app: keyof typeof ENTRY, env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; output: string }> {
  const child = startChildApp(app, env, args);
  // 'close' comes after the output streams end; 'exit' may come before the last chunk is read.
  await new Promise((resolve) => child.process.once('close', resolve));
  return { code: child.process.exitCode, output: child.logs.text() };
}

/** Resolves when `check` holds, polling; rejects with `what` after the timeout. */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms: ${what}`);
}
