import { createHmac } from 'node:crypto';

/**
 * HMAC-SHA256 under a key outside the database: exact look-ups (a national ID, a phone, the name a
 * failed sign-in typed) without storing the value. `purpose` separates the hash spaces.
 */
export class KeyedHasher {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the lookup hash key must be at least 32 bytes');
  }

  hash(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(purpose).update('\u0000').update(value, 'utf8').digest('base64url');
  }
}
