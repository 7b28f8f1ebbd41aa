import { Injectable } from '@nestjs/common';
import { execute, TransactionRunner } from '@app/database';

export type SessionStage = 'second_factor' | 'enrolment' | 'active';
/** 'account_locked' is written by app.register_failed_sign_in only, when a lockout ends every session. */
export type RevokeReason =
  'sign_out' | 'sign_out_everywhere' | 'password_changed' | 'password_reset' | 'user_disabled' | 'second_factor_done' | 'roles_changed' | 'account_locked';

export interface SessionLookup {
  session_id: string;
  user_id: string;
  unit_id: string;
  roles: string[];
  stage: SessionStage;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked: boolean;
  disabled: boolean;
  must_change_password: boolean;
  username: string;
  display_name: string;
  totp_enabled: boolean;
  unit: { id: string; kind: string; code: string; name_ar: string; name_en: string; time_zone: string };
}

@Injectable()
export class SessionRepository {
  constructor(private readonly tx: TransactionRunner) {}

  async insert(session: { userId: string; tokenHash: string; stage: SessionStage; at: Date; expiresAt: Date }): Promise<string> {
    const { rows } = await execute<{ id: string }>(
      this.tx.manager,
      `INSERT INTO user_session (user_id, token_hash, stage, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $4, $5) RETURNING id`,
      [session.userId, session.tokenHash, session.stage, session.at, session.expiresAt],
    );
    return rows[0].id;
  }

  /**
   * The session behind a token, its idle timer moved when `touch` (at most once per `touchEveryMs`):
   * one statement outside any transaction, through a narrow SECURITY DEFINER function, because no
   * actor is known yet to scope a transaction with.
   */
  async resume(tokenHash: string, at: Date, options: { touch: boolean; idleMs: number; touchEveryMs: number }): Promise<SessionLookup | undefined> {
    const [session] = await this.tx.selectUnscoped<SessionLookup>(
      `SELECT session_id, user_id, unit_id, roles, stage, created_at, last_seen_at, expires_at, revoked, disabled, must_change_password,
              username, display_name, totp_enabled, unit
         FROM app.resume_session($1, $2, make_interval(secs => $3), make_interval(secs => $4), $5)`,
      [tokenHash, at, options.idleMs / 1000, options.touchEveryMs / 1000, options.touch],
    );
    return session;
  }

  async revoke(sessionId: string, at: Date, reason: RevokeReason): Promise<void> {
    await execute(this.tx.manager, 'UPDATE user_session SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL', [
      sessionId,
      at,
      reason,
    ]);
  }

  /** Ends every live session of a user (except one, when given); returns how many ended. */
  async revokeAllOf(userId: string, at: Date, reason: RevokeReason, exceptSessionId?: string): Promise<number> {
    const { rowCount } = await execute(
      this.tx.manager,
      `UPDATE user_session SET revoked_at = $2, revoked_reason = $3
        WHERE user_id = $1 AND revoked_at IS NULL AND ($4::uuid IS NULL OR id <> $4)`,
      [userId, at, reason, exceptSessionId ?? null],
    );
    return rowCount;
  }
}
