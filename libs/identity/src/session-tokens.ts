import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { KeyedHasher } from '@app/core';

/** 256-bit random tokens; the database keeps only their SHA-256, so a leaked table opens no session. */
export const newToken = (): string => randomBytes(32).toString('base64url');
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

/**
 * The CSRF token is an HMAC of the session id under a key outside the database: nothing to store,
 * and the UI can fetch it again after a reload (GET /auth/session).
 */
export const csrfTokenFor = (hasher: KeyedHasher, sessionId: string): string => hasher.hash('csrf', sessionId);

export function csrfTokenMatches(hasher: KeyedHasher, sessionId: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const given = Buffer.from(presented);
  const expected = Buffer.from(csrfTokenFor(hasher, sessionId));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const SESSION_COOKIE = 'sid';
export const CSRF_HEADER = 'x-csrf-token';
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** A half-signed-in session (password done, second factor pending) lives briefly. */
export const PENDING_TIMEOUT_MS = 10 * 60 * 1000;
