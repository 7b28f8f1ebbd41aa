import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Checkpoint } from './audit-chain';
import { appendCheckpoint, readWitness } from './checkpoint-witness';

const checkpoint = (chainIndex: number): Checkpoint => ({
  chainIndex,
  seq: chainIndex + 10,
  headHash: 'a'.repeat(64),
  createdAt: '2026-11-23T09:00:00.000Z',
  signature: 'signature',
});

describe('the checkpoint witness file', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'witness-spec-'));
    file = path.join(dir, 'nested', 'checkpoints.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends one whole line per checkpoint to a 0600 file it creates', () => {
    appendCheckpoint(file, checkpoint(1));
    appendCheckpoint(file, checkpoint(2));
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(checkpoint(1))}\n${JSON.stringify(checkpoint(2))}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readWitness(file)).toEqual({ configured: true, checkpoints: [checkpoint(1), checkpoint(2)].map((entry, index) => ({ ...entry, line: index + 1 })) });
  });

  it('after an unfinished line, starts a new one: the damage stays on its own line', () => {
    appendCheckpoint(file, checkpoint(1));
    appendFileSync(file, '{"chainIndex":9999,"seq":99');
    appendCheckpoint(file, checkpoint(2));
    expect(readFileSync(file, 'utf8').split('\n')).toEqual([JSON.stringify(checkpoint(1)), '{"chainIndex":9999,"seq":99', JSON.stringify(checkpoint(2)), '']);
    expect(readWitness(file).malformedLine).toBe(2);
  });

  it.each([
    ['not JSON', '{"chainIndex":9999,"seq":99'],
    ['not an object', '42'],
    ['a chain index that is not a whole number', JSON.stringify({ ...checkpoint(3), chainIndex: '3' })],
    ['a sequence below 1', JSON.stringify({ ...checkpoint(3), seq: 0 })],
    ['a head that is not a SHA-256 in hex', JSON.stringify({ ...checkpoint(3), headHash: 'F'.repeat(64) })],
    ['no signature', JSON.stringify({ ...checkpoint(3), signature: undefined })],
  ])('reports a line with %s as malformed, with its number', (_what, line) => {
    const written = path.join(dir, 'written.jsonl');
    writeFileSync(written, `${JSON.stringify(checkpoint(1))}\n\n${line}\n${JSON.stringify(checkpoint(2))}\n`);
    expect(readWitness(written).malformedLine).toBe(3);
  });

  it('a missing or empty file has no checkpoints; no file configured says so', () => {
    expect(readWitness(file)).toEqual({ configured: true, checkpoints: [] });
    writeFileSync(path.join(dir, 'empty.jsonl'), '\n\n');
    expect(readWitness(path.join(dir, 'empty.jsonl'))).toEqual({ configured: true, checkpoints: [] });
    expect(readWitness(undefined)).toEqual({ configured: false, checkpoints: [] });
  });
});
