import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** hash_i = SHA-256(hash_{i-1} ‖ '\n' ‖ canonical text of event i). */
export function chainHash(previousHash: string, canonical: string): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonical).digest('hex');
}

/**
 * Each seal carries an HMAC under a key outside the database: someone who edits an event and
 * recomputes the chain from there on cannot make valid MACs, so the first rewritten event is found.
 */
export function sealMac(key: Buffer, chainIndex: string | number, seq: string | number, hash: string): string {
  return createHmac('sha256', key).update(`seal:${chainIndex}:${seq}:${hash}`).digest('base64url');
}

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
