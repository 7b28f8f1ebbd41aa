import { createHmac, hash, timingSafeEqual } from 'node:crypto';

/** The hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * hash_i = SHA-256(key ‖ '\n' ‖ hash_{i-1} ‖ '\n' ‖ canonical_i), the key held outside the database.
 * Keyed, so someone who edits event k and recomputes the chain from there cannot produce the
 * hashes: the first rewritten event is found exactly. One one-shot hash per event keeps the verifier
 * near raw SHA-256 speed. (A secret-prefix hash is safe here: length extension would need the
 * canonical text to carry SHA padding bytes, and PostgreSQL text cannot hold NUL.)
 */
export function chainHash(key: string, previousHash: string, canonical: string): string {
  return hash('sha256', `${key}\n${previousHash}\n${canonical}`, 'hex');
}

/** The chain key as the string prefix: base64 of the configured bytes. */
export const chainKey = (key: Buffer): string => key.toString('base64');

export interface Checkpoint {
  chainIndex: number;
  seq: number;
  headHash: string;
  createdAt: string;
  signature: string;
}

export function checkpointSignature(key: Buffer, checkpoint: Omit<Checkpoint, 'signature'>): string {
  return createHmac('sha256', key)
    .update(`checkpoint:${checkpoint.chainIndex}:${checkpoint.seq}:${checkpoint.headHash}:${checkpoint.createdAt}`)
    .digest('base64url');
}

export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
