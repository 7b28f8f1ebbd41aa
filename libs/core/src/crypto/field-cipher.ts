import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface FieldKeyring {
  /** key id → 32-byte key; ids are stored with each ciphertext, so old keys keep decrypting after rotation. */
  keys: Map<string, Buffer>;
  activeKeyId: string;
}

/** "k1:<base64 32 bytes>,k2:<…>" as written in FIELD_ENCRYPTION_KEYS. */
export function parseKeyring(spec: string, activeKeyId?: string): FieldKeyring {
  const keys = new Map<string, Buffer>();
  for (const part of spec
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [id, encoded] = part.split(':');
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(id ?? '') || key.length !== 32) throw new Error('each key must be id:base64 of 32 bytes');
    keys.set(id, key);
  }
  const active = activeKeyId ?? [...keys.keys()][0];
  if (!active || !keys.has(active)) throw new Error('the active key id must name one of the keys');
  return { keys, activeKeyId: active };
}

/**
 * AES-256-GCM for sensitive fields, with keys from configuration (never in the database).
 * Ciphertext text form: v1.<keyId>.<iv>.<tag>.<data>, base64url parts. `context` (e.g. table.column
 * and row id) is bound as associated data, so a ciphertext copied to another row or column fails.
 */
export class FieldCipher {
  constructor(private readonly keyring: FieldKeyring) {}

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyring.keys.get(this.keyring.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.keyring.activeKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  decrypt(ciphertext: string, context: string): string {
    const [version, keyId, iv, tag, data] = ciphertext.split('.');
    const key = this.keyring.keys.get(keyId ?? '');
    if (version !== VERSION || !key || !iv || !tag || data === undefined) throw new Error('Unreadable ciphertext or unknown key id');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** True when the value was written with an older key and should be re-encrypted. */
  needsReencryption(ciphertext: string): boolean {
    return ciphertext.split('.')[1] !== this.keyring.activeKeyId;
  }
}
