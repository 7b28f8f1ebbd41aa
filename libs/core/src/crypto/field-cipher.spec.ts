import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { FieldCipher, parseKeyring } from './field-cipher';
import { KeyedHasher } from './keyed-hash';

const key = () => randomBytes(32).toString('base64');

describe('FieldCipher', () => {
  const cipher = new FieldCipher(parseKeyring(`k1:${key()}`));

  it('round-trips any text, Arabic included, under its context', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ maxLength: 40 }), (text, context) => {
        expect(cipher.decrypt(cipher.encrypt(text, context), context)).toBe(text);
      }),
    );
    expect(cipher.decrypt(cipher.encrypt('فاطمة بنت أحمد', 'person.name'), 'person.name')).toBe('فاطمة بنت أحمد');
  });

  it('never shows the plaintext and differs on every call', () => {
    const first = cipher.encrypt('30212345678', 'person.qid');
    expect(first).not.toContain('30212345678');
    expect(cipher.encrypt('30212345678', 'person.qid')).not.toBe(first);
    expect(first.startsWith('v1.k1.')).toBe(true);
  });

  it('refuses a ciphertext moved to another context or tampered with', () => {
    const sealed = cipher.encrypt('secret', 'user:1:totp');
    expect(() => cipher.decrypt(sealed, 'user:2:totp')).toThrow();
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'user:1:totp')).toThrow();
  });

  it('keeps decrypting with a retired key after rotation', () => {
    const k1 = key();
    const old = new FieldCipher(parseKeyring(`k1:${k1}`));
    const rotated = new FieldCipher(parseKeyring(`k1:${k1},k2:${key()}`, 'k2'));
    const sealed = old.encrypt('note', 'ctx');
    expect(rotated.decrypt(sealed, 'ctx')).toBe('note');
    expect(rotated.needsReencryption(sealed)).toBe(true);
    expect(rotated.encrypt('note', 'ctx').split('.')[1]).toBe('k2');
  });

  it('rejects malformed keyrings', () => {
    expect(() => parseKeyring('k1:short')).toThrow(/32 bytes/);
    expect(() => parseKeyring(`k1:${key()}`, 'k9')).toThrow(/active key/);
  });
});

describe('KeyedHasher', () => {
  it('is stable per key and purpose, and differs across them', () => {
    const hasher = new KeyedHasher(randomBytes(32));
    expect(hasher.hash('qid', '30212345678')).toBe(hasher.hash('qid', '30212345678'));
    expect(hasher.hash('phone', '30212345678')).not.toBe(hasher.hash('qid', '30212345678'));
    expect(new KeyedHasher(randomBytes(32)).hash('qid', '30212345678')).not.toBe(hasher.hash('qid', '30212345678'));
  });
});
