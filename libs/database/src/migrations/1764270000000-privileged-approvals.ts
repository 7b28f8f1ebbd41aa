import { MigrationInterface, QueryRunner } from 'typeorm';
import { createHistoryTable, enableRowLevelSecurity, grantTo, hasPermission } from '../migration-helpers';

/**
 * Separation of duties: granting the auditor or administrator role (a new account holding one, or
 * adding it) and resetting such an account's password wait here for a second administrator. The
 * database itself refuses an approval by the requester. A new temporary password is in two parts, one
 * from each administrator (dual control): neither knows it alone, so neither can sign in as the new
 * account and approve their own requests with it. The requester's part waits here encrypted.
 */
export class PrivilegedApprovals1764270000000 implements MigrationInterface {
  name = 'PrivilegedApprovals1764270000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE approval_request (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('account_creation', 'role_grant', 'password_reset')),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
      target_user_id uuid REFERENCES app_user(id),
      target_version integer CHECK (target_version BETWEEN 1 AND 2147483647),
      payload jsonb NOT NULL DEFAULT '{}' CHECK (length(payload::text) <= 2000),
      -- the requester's part of the new temporary password, AES-256-GCM under a key outside the database; cleared when decided
      password_part_enc text,
      requested_by uuid NOT NULL REFERENCES app_user(id),
      requested_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      decided_by uuid REFERENCES app_user(id),
      decided_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL,
      CHECK ((kind = 'account_creation') = (target_user_id IS NULL)),
      CHECK (kind <> 'role_grant' OR password_part_enc IS NULL),
      CHECK (kind = 'role_grant' OR status <> 'pending' OR password_part_enc IS NOT NULL),
      CHECK (status = 'pending' OR password_part_enc IS NULL),
      CHECK ((status = 'pending') = (decided_by IS NULL AND decided_at IS NULL)),
      -- two people: whoever approves is not who asked (the requester may only withdraw)
      CHECK (status <> 'approved' OR decided_by IS DISTINCT FROM requested_by)
    )`);
    await q(`CREATE INDEX approval_request_pending_idx ON approval_request (requested_at) WHERE status = 'pending'`);
    await q(`COMMENT ON TABLE approval_request IS 'account data only (user names, roles, an encrypted password part); no case content'`);
    await enableRowLevelSecurity(queryRunner, 'approval_request');
    const manage = hasPermission('user.manage');
    await q(`CREATE POLICY approval_admin ON approval_request USING (${manage}) WITH CHECK (${manage})`);
    await createHistoryTable(queryRunner, 'approval_request');
    await q(`CREATE POLICY approval_history_admin ON approval_request_history USING (${manage}) WITH CHECK (${manage})`);
    await grantTo(queryRunner, ['api'], 'SELECT, INSERT, UPDATE', ['approval_request', 'approval_request_history']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE approval_request_history`);
    await queryRunner.query(`DROP TABLE approval_request`);
  }
}
