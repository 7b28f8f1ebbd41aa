import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
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
  /** The file exists but cannot be read. */
  unreadable?: boolean;
}

/**
 * The chain index of the witness's last checkpoint: 0 for an empty file, undefined for a missing
 * one. Reads the tail only (the file grows by a line per sealed batch); throws when it cannot read.
 */
export function lastWitnessedChainIndex(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    const length = Math.min(size, 64 * 1024);
    const tail = Buffer.alloc(length);
    readSync(fd, tail, 0, length, size - length);
    const lines = tail.toString('utf8').split('\n').reverse();
    for (const line of lines) {
      const checkpoint = line.trim() ? parseCheckpoint(line) : undefined;
      if (checkpoint) return checkpoint.chainIndex;
    }
    return 0;
  } finally {
    closeSync(fd);
  }
}

/**
 * Checkpoints exported to a file outside the database (in production on storage the DBAs cannot
 * write), one JSON line each. The verifier trusts this file, not the checkpoint table.
 */
export function appendCheckpoint(file: string, checkpoint: Checkpoint, options: { mayCreate?: boolean } = { mayCreate: true }): void {
  // Only the trail's first checkpoint may start a witness: one that vanished later is not silently
  // begun again, which would hide a truncation made at the same time (restore it, or start an empty
  // file to accept the database's signed checkpoints).
  if (options.mayCreate) mkdirSync(path.dirname(file), { recursive: true });
  const fd = options.mayCreate ? openSync(file, 'a+', 0o600) : openExisting(file);
  try {
    // A line left unfinished (a crash mid-write, a hand edit) stays on its own: never append onto it.
    const separator = endsMidLine(fd) ? '\n' : '';
    // One write of one whole line: appends of a few hundred bytes are not interleaved (O_APPEND).
    writeSync(fd, `${separator}${JSON.stringify(checkpoint)}\n`);
  } finally {
    closeSync(fd);
  }
}

function openExisting(file: string): number {
  try {
    return openSync(file, constants.O_RDWR | constants.O_APPEND);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new Error(`the audit witness ${file} is missing: it is not begun again while checkpoints exist`);
    throw error;
  }
}

function endsMidLine(fd: number): boolean {
  const { size } = fstatSync(fd);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/**
 * Reads the witness; a missing or empty file has no checkpoints, a line that is not one is reported,
 * and a file that cannot be read (a directory in its place, no permission) is reported as unreadable:
 * never thrown, so a verification always answers.
 */
export function readWitness(file: string | undefined): Witness {
  if (!file) return { configured: false, checkpoints: [] };
  if (!existsSync(file)) return { configured: true, checkpoints: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { configured: true, checkpoints: [], unreadable: true };
  }
  const checkpoints: WitnessedCheckpoint[] = [];
  const lines = text.split('\n');
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
