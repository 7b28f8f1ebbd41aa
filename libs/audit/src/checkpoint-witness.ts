import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Checkpoint } from './audit-chain';

/** A checkpoint as the witness file holds it, with its line number (from 1) for reports. */
export interface WitnessedCheckpoint extends Checkpoint {
  line: number;
}

/** What the verifier compares the chain with. */
export interface Witness {
  /** False when no witness file is configured. */
  configured: boolean;
  checkpoints: WitnessedCheckpoint[];
  /** The first line that is not a checkpoint: the file is damaged, and nothing in it is relied on. */
  malformedLine?: number;
}

/**
 * Checkpoints exported to a file outside the database (in production on storage the DBAs cannot
 * write), one JSON line each. The verifier trusts this file, not the checkpoint table.
 */
export function appendCheckpoint(file: string, checkpoint: Checkpoint): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'a+', 0o600);
  try {
    // A line left unfinished (a crash mid-write, a hand edit) stays on its own: never append onto it.
    const separator = endsMidLine(fd) ? '\n' : '';
    // One write of one whole line: appends of a few hundred bytes are not interleaved (O_APPEND).
    writeSync(fd, `${separator}${JSON.stringify(checkpoint)}\n`);
  } finally {
    closeSync(fd);
  }
}

function endsMidLine(fd: number): boolean {
  const { size } = fstatSync(fd);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/** Reads the witness; a missing or empty file has no checkpoints, a line that is not one is reported, never thrown. */
export function readWitness(file: string | undefined): Witness {
  if (!file) return { configured: false, checkpoints: [] };
  if (!existsSync(file)) return { configured: true, checkpoints: [] };
  const checkpoints: WitnessedCheckpoint[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index].trim().length === 0) continue;
    const checkpoint = parseCheckpoint(lines[index]);
    if (!checkpoint) return { configured: true, checkpoints, malformedLine: index + 1 };
    checkpoints.push({ ...checkpoint, line: index + 1 });
  }
  return { configured: true, checkpoints };
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 1;

function parseCheckpoint(line: string): Checkpoint | undefined {
  let value: Partial<Record<keyof Checkpoint, unknown>>;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { chainIndex, seq, headHash, createdAt, signature } = value;
  if (!isCount(chainIndex) || !isCount(seq) || typeof headHash !== 'string' || !/^[0-9a-f]{64}$/.test(headHash)) return undefined;
  if (typeof createdAt !== 'string' || typeof signature !== 'string') return undefined;
  return { chainIndex, seq, headHash, createdAt, signature };
}
