import { Injectable } from '@nestjs/common';
import { RecordScope } from './access.service';
import { execute, PageRequest, selectOne, selectPage, selectRows, TransactionRunner, updateVersioned } from '@app/database';

export interface SignInCandidate {
  id: string;
  unit_id: string;
  roles: string[];
  password_hash: string;
  must_change_password: boolean;
  totp_enabled: boolean;
  locked: boolean;
  disabled: boolean;
}

export interface UserRow {
  id: string;
  unit_id: string;
  username: string;
  display_name: string;
  roles: string[];
  must_change_password: boolean;
  totp_enabled: boolean;
  locked_at: Date | null;
  disabled_at: Date | null;
  last_sign_in_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface SecondFactorRow {
  totp_secret_enc: string | null;
  totp_enabled: boolean;
  totp_last_step: string | null;
  recovery_code_hashes: string[];
}

/** What an administrator's change may touch, in the service's terms; mapped to columns here only. */
export interface UserChanges {
  displayName?: string;
  roles?: string[];
  disabledAt?: Date | null;
  lockedAt?: Date | null;
  failedAttempts?: number;
  failedWindowStartedAt?: Date | null;
  passwordHash?: string;
  passwordChangedAt?: Date;
  mustChangePassword?: boolean;
}

const USER_CHANGE_COLUMNS: Record<keyof UserChanges, string> = {
  displayName: 'display_name',
  roles: 'roles',
  disabledAt: 'disabled_at',
  lockedAt: 'locked_at',
  failedAttempts: 'failed_attempts',
  failedWindowStartedAt: 'failed_window_started_at',
  passwordHash: 'password_hash',
  passwordChangedAt: 'password_changed_at',
  mustChangePassword: 'must_change_password',
};

const USER_COLUMNS = `id, unit_id, username, display_name, roles, must_change_password, totp_enabled, locked_at, disabled_at,
  last_sign_in_at, version, created_at, updated_at`;

/** Users, under row-level security: what a query sees depends on the actor set for the transaction. */
@Injectable()
export class UserRepository {
  constructor(private readonly tx: TransactionRunner) {}

  /** Through the narrow SECURITY DEFINER function: nobody is signed in yet. */
  findForSignIn(username: string): Promise<SignInCandidate | undefined> {
    return selectOne(this.tx.manager, 'SELECT * FROM app.find_user_for_sign_in($1)', [username]);
  }

  /** Counts a failure; true when this one locked the account (which also ended all its sessions). */
  async registerFailedSignIn(userId: string, at: Date, windowMinutes: number, limit: number): Promise<boolean> {
    const row = await selectOne<{ locked: boolean }>(this.tx.manager, `SELECT app.register_failed_sign_in($1, $2, make_interval(mins => $3), $4) AS locked`, [
      userId,
      at,
      windowMinutes,
      limit,
    ]);
    return row?.locked ?? false;
  }

  async recordSignIn(userId: string, at: Date, rehashed?: string): Promise<void> {
    await execute(
      this.tx.manager,
      `UPDATE app_user SET failed_attempts = 0, failed_window_started_at = NULL, last_sign_in_at = $2,
              password_hash = coalesce($3, password_hash), updated_at = $2 WHERE id = $1`,
      [userId, at, rehashed ?? null],
    );
  }

  /** For administrators, who see every account: whether a name is already held. */
  async usernameTaken(username: string): Promise<boolean> {
    return (await selectOne(this.tx.manager, 'SELECT 1 FROM app_user WHERE username = $1', [username])) !== undefined;
  }

  findById(id: string): Promise<UserRow | undefined> {
    return selectOne(this.tx.manager, `SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1`, [id]);
  }

  async passwordHashOf(id: string): Promise<string | undefined> {
    return (await selectOne<{ password_hash: string }>(this.tx.manager, 'SELECT password_hash FROM app_user WHERE id = $1', [id]))?.password_hash;
  }

  /**
   * Whether a user may still finish signing in. FOR UPDATE waits for a lockout being counted on the
   * same row, so a second-factor step is ordered before it (its new session is then ended) or after.
   */
  lockStandingForSignIn(id: string): Promise<{ locked: boolean; disabled: boolean } | undefined> {
    // A deactivated unit's people count as disabled (as at the password step and when a session resumes).
    return selectOne(
      this.tx.manager,
      `SELECT u.locked_at IS NOT NULL AS locked, (u.disabled_at IS NOT NULL OR NOT n.active) AS disabled
         FROM app_user u JOIN unit n ON n.id = u.unit_id WHERE u.id = $1 FOR UPDATE OF u`,
      [id],
    );
  }

  secondFactorOf(id: string): Promise<SecondFactorRow | undefined> {
    return selectOne(this.tx.manager, 'SELECT totp_secret_enc, totp_enabled, totp_last_step, recovery_code_hashes FROM app_user WHERE id = $1', [id]);
  }

  /** Claims a TOTP time step; false when it (or a later one) was already used: a replay, even a racing one. */
  async claimTotpStep(id: string, step: number): Promise<boolean> {
    const { rowCount } = await execute(
      this.tx.manager,
      'UPDATE app_user SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)',
      [id, step],
    );
    return rowCount === 1;
  }

  async consumeRecoveryCode(id: string, codeHash: string): Promise<boolean> {
    const { rowCount } = await execute(
      this.tx.manager,
      'UPDATE app_user SET recovery_code_hashes = array_remove(recovery_code_hashes, $2) WHERE id = $1 AND $2 = ANY(recovery_code_hashes)',
      [id, codeHash],
    );
    return rowCount === 1;
  }

  async storePendingTotpSecret(id: string, sealedSecret: string): Promise<void> {
    await execute(this.tx.manager, 'UPDATE app_user SET totp_secret_enc = $2 WHERE id = $1 AND NOT totp_enabled', [id, sealedSecret]);
  }

  async enableTotp(id: string, step: number, recoveryHashes: string[], at: Date): Promise<void> {
    await execute(
      this.tx.manager,
      `UPDATE app_user SET totp_enabled = true, totp_last_step = $2, recovery_code_hashes = $3, updated_at = $4, version = version + 1
        WHERE id = $1 AND totp_secret_enc IS NOT NULL`,
      [id, step, recoveryHashes, at],
    );
  }

  async setPassword(id: string, hash: string, at: Date, mustChange: boolean): Promise<void> {
    await execute(
      this.tx.manager,
      `UPDATE app_user SET password_hash = $2, password_changed_at = $3, must_change_password = $4, updated_at = $3, version = version + 1 WHERE id = $1`,
      [id, hash, at, mustChange],
    );
  }

  list(filter: { unitId?: string }, page: PageRequest): Promise<{ items: UserRow[]; total: number }> {
    return selectPage(
      this.tx.manager,
      { select: USER_COLUMNS, from: 'app_user', where: '($1::uuid IS NULL OR unit_id = $1)', params: [filter.unitId ?? null], orderBy: 'username' },
      page,
    );
  }

  listMembers(unit: RecordScope<'unit'>): Promise<UserRow[]> {
    const unitId = unit.id;
    return selectRows(this.tx.manager, `SELECT ${USER_COLUMNS} FROM app_user WHERE unit_id = $1 AND disabled_at IS NULL ORDER BY display_name`, [unitId]);
  }

  async insert(user: { unitId: string; username: string; displayName: string; roles: string[]; passwordHash: string; at: Date }): Promise<UserRow | undefined> {
    const { rows } = await execute<UserRow>(
      this.tx.manager,
      `INSERT INTO app_user (unit_id, username, display_name, roles, password_hash, password_changed_at, must_change_password, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, true, $6, $6)
       ON CONFLICT (username) DO NOTHING RETURNING ${USER_COLUMNS}`,
      [user.unitId, user.username, user.displayName, user.roles, user.passwordHash, user.at],
    );
    return rows[0];
  }

  /** A versioned update: the row, a 409 when the version is stale, undefined when out of scope. */
  update(id: string, version: number, at: Date, changes: UserChanges): Promise<UserRow | undefined> {
    const set = Object.fromEntries(Object.entries(changes).map(([field, value]) => [USER_CHANGE_COLUMNS[field as keyof UserChanges], value]));
    return updateVersioned(this.tx.manager, { table: 'app_user', id, version, set, at, returning: USER_COLUMNS });
  }
}
