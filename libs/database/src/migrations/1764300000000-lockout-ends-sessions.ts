import { MigrationInterface, QueryRunner } from 'typeorm';

const REASONS_BEFORE = `'sign_out', 'sign_out_everywhere', 'password_changed', 'password_reset', 'user_disabled', 'second_factor_done', 'roles_changed'`;

/** The counting rule of 1764100000000, unchanged, for `down`. */
const COUNT_ONLY = `
  UPDATE app_user u SET
    failed_attempts = CASE WHEN u.failed_window_started_at IS NULL OR u.failed_window_started_at < p_at - p_window THEN 1 ELSE u.failed_attempts + 1 END,
    failed_window_started_at = CASE WHEN u.failed_window_started_at IS NULL OR u.failed_window_started_at < p_at - p_window THEN p_at ELSE u.failed_window_started_at END,
    locked_at = CASE WHEN u.locked_at IS NULL AND (CASE WHEN u.failed_window_started_at IS NULL OR u.failed_window_started_at < p_at - p_window THEN 1 ELSE u.failed_attempts + 1 END) >= p_limit THEN p_at ELSE u.locked_at END
   WHERE u.id = p_user_id
  RETURNING u.locked_at IS NOT NULL`;

/**
 * Locking an account ends all its sessions, half (password given, code pending) and full: before,
 * a half session opened before the lockout could still finish signing in with the right code.
 * The lock and the revocation happen in the one SECURITY DEFINER function that counts failures,
 * because the password step has no actor yet and row-level security would hide the sessions.
 * The row lock taken first orders a racing second-factor step (which locks the same row) before or
 * after the lockout, never between the count and the revocation.
 */
export class LockoutEndsSessions1764300000000 implements MigrationInterface {
  name = 'LockoutEndsSessions1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`ALTER TABLE user_session DROP CONSTRAINT user_session_revoked_reason_check`);
    await q(`ALTER TABLE user_session ADD CONSTRAINT user_session_revoked_reason_check CHECK (revoked_reason IN (${REASONS_BEFORE}, 'account_locked'))`);
    // Same signature and grants; now plpgsql, and it returns whether this failure locked the account.
    await q(`CREATE OR REPLACE FUNCTION app.register_failed_sign_in(p_user_id uuid, p_at timestamptz, p_window interval, p_limit integer)
      RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        v_user app_user%ROWTYPE;
        v_attempts integer;
        v_window_start timestamptz;
      BEGIN
        SELECT * INTO v_user FROM app_user WHERE id = p_user_id FOR UPDATE;
        IF NOT FOUND THEN RETURN false; END IF;
        -- a failure after the window has passed starts a new window
        IF v_user.failed_window_started_at IS NULL OR v_user.failed_window_started_at < p_at - p_window THEN
          v_attempts := 1;
          v_window_start := p_at;
        ELSE
          v_attempts := v_user.failed_attempts + 1;
          v_window_start := v_user.failed_window_started_at;
        END IF;
        UPDATE app_user SET failed_attempts = v_attempts, failed_window_started_at = v_window_start,
               locked_at = CASE WHEN locked_at IS NULL AND v_attempts >= p_limit THEN p_at ELSE locked_at END
         WHERE id = p_user_id;
        IF v_user.locked_at IS NOT NULL OR v_attempts < p_limit THEN RETURN false; END IF;
        UPDATE user_session SET revoked_at = p_at, revoked_reason = 'account_locked' WHERE user_id = p_user_id AND revoked_at IS NULL;
        RETURN true;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE OR REPLACE FUNCTION app.register_failed_sign_in(p_user_id uuid, p_at timestamptz, p_window interval, p_limit integer)
      RETURNS boolean LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$ ${COUNT_ONLY} $$`);
    await q(`ALTER TABLE user_session DROP CONSTRAINT user_session_revoked_reason_check`);
    // NOT VALID: sessions already ended by a lockout keep their recorded reason.
    await q(`ALTER TABLE user_session ADD CONSTRAINT user_session_revoked_reason_check CHECK (revoked_reason IN (${REASONS_BEFORE})) NOT VALID`);
  }
}
