import { Injectable } from '@nestjs/common';
import { execute, selectOne, TransactionRunner } from '@app/database';

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

  /** Through the narrow SECURITY DEFINER function: the request's actor is not known until this answers. */
  findByTokenHash(tokenHash: string): Promise<SessionLookup | undefined> {
    return selectOne(this.tx.manager, 'SELECT * FROM app.session_for_token($1)', [tokenHash]);
  }

  async touch(sessionId: string, at: Date): Promise<void> {
    await execute(this.tx.manager, 'UPDATE user_session SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id = $1 AND revoked_at IS NULL', [sessionId, at]);
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
