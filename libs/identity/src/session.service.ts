import { Injectable } from '@nestjs/common';
import { Clock, KeyedHasher } from '@app/core';
import { TransactionRunner } from '@app/database';
import { RevokeReason, SessionLookup, SessionRepository, SessionStage } from './session.repository';
import { ABSOLUTE_TIMEOUT_MS, csrfTokenFor, IDLE_TIMEOUT_MS, newToken, PENDING_TIMEOUT_MS, tokenHash } from './session-tokens';

/** The idle timer moves at most this often: one write a minute per session, not one per request. */
export const TOUCH_EVERY_MS = 60 * 1000;

export interface ResumedSession extends SessionLookup {
  /** When the session ends if nobody does anything (for the UI's warning). */
  idle_expires_at: Date;
}

export interface IssuedSession {
  sessionId: string;
  token: string;
  csrfToken: string;
  stage: SessionStage;
}

/** Why a presented session is refused, for the guard's answer; null when it is usable. */
export function sessionRefusal(session: SessionLookup | undefined, now: Date): string | null {
  if (!session || session.revoked || session.disabled) return 'revoked';
  const nowMs = now.getTime();
  if (nowMs > session.expires_at.getTime()) return 'expired';
  if (nowMs - session.last_seen_at.getTime() > IDLE_TIMEOUT_MS) return 'idle';
  return null;
}

@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly hasher: KeyedHasher,
  ) {}

  /** A new session with new tokens: every sign-in step that raises trust issues a fresh one. */
  async issue(userId: string, stage: SessionStage): Promise<IssuedSession> {
    const now = this.clock.now();
    const token = newToken();
    const lifetime = stage === 'active' ? ABSOLUTE_TIMEOUT_MS : PENDING_TIMEOUT_MS;
    const sessionId = await this.sessions.insert({
      userId,
      tokenHash: tokenHash(token),
      stage,
      at: now,
      expiresAt: new Date(now.getTime() + lifetime),
    });
    return { sessionId, token, csrfToken: csrfTokenFor(this.hasher, sessionId), stage };
  }

  /**
   * The session behind a cookie token when it is still usable at the injected time, its idle timer
   * moved unless `touch` is false (background reads: only what a person does keeps a session alive).
   */
  async resume(token: string, touch: boolean): Promise<ResumedSession | null> {
    const now = this.clock.now();
    const session = await this.sessions.resume(tokenHash(token), now, { touch, idleMs: IDLE_TIMEOUT_MS, touchEveryMs: TOUCH_EVERY_MS });
    if (sessionRefusal(session, now) !== null) return null;
    return { ...session!, idle_expires_at: new Date(session!.last_seen_at.getTime() + IDLE_TIMEOUT_MS) };
  }

  revoke(sessionId: string, reason: RevokeReason): Promise<void> {
    return this.sessions.revoke(sessionId, this.clock.now(), reason);
  }

  revokeAllOf(userId: string, reason: RevokeReason, exceptSessionId?: string): Promise<number> {
    return this.sessions.revokeAllOf(userId, this.clock.now(), reason, exceptSessionId);
  }
}
