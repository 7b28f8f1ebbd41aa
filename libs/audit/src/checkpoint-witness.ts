import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Checkpoint } from './audit-chain';

/**
 * Checkpoints exported to a file outside the database (in production on storage the DBAs cannot
 * write), one JSON line each. The verifier trusts this file, not the checkpoint table.
 */
export function appendCheckpoint(file: string, checkpoint: Checkpoint): void {
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, JSON.stringify(checkpoint) + '\n', { mode: 0o600 });
}

export function readCheckpoints(file: string): Checkpoint[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Checkpoint);
}
