import type { CookieOptions, Response } from 'express';
import { IssuedSession } from './session.service';
import { ABSOLUTE_TIMEOUT_MS, SESSION_COOKIE } from './session-tokens';

/** httpOnly, SameSite=Strict, Secure outside tests; the token never appears in a body or a URL. */
export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: ABSOLUTE_TIMEOUT_MS };
}

export function setSessionCookie(response: Response, issued: IssuedSession, secure: boolean): void {
  response.cookie(SESSION_COOKIE, issued.token, sessionCookieOptions(secure));
}

export function clearSessionCookie(response: Response, secure: boolean): void {
  const { maxAge: _unused, ...options } = sessionCookieOptions(secure);
  response.clearCookie(SESSION_COOKIE, options);
}
