import { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteRole, runtimeRoles } from '../runtime-roles';

/**
 * Units (police units, partner centres, the ministry, the system), users, server-side sessions and
 * security events, all under forced row-level security driven by the per-transaction settings.
 * Sign-in and session look-ups happen before anyone is known, so they go through two narrow
 * SECURITY DEFINER functions instead of an open policy.
 */
export class Identity1764100000000 implements MigrationInterface {
  name = 'Identity1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { api, worker } = runtimeRoles();
    const q = (sql: string) => queryRunner.query(sql);

    // SECURITY DEFINER functions run as the owner, who is subject to RLS too (FORCE): this lets them through.
    await q(`CREATE FUNCTION app.running_as_owner() RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT current_user = (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) $$`);
    await q(`CREATE FUNCTION app.has_role(role text) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT role = ANY(app.current_roles()) $$`);

    await q(`CREATE TABLE unit (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('police_unit', 'partner_centre', 'ministry', 'system')),
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9-]{2,32}$'),
      name_ar text NOT NULL CHECK (length(name_ar) BETWEEN 1 AND 200),
      name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
      parent_id uuid REFERENCES unit(id),
      time_zone text NOT NULL DEFAULT 'Asia/Qatar',
      services text[] NOT NULL DEFAULT '{}',
      case_categories text[] NOT NULL DEFAULT '{}',
      office_location text CHECK (length(office_location) <= 300),
      acceptance_hours jsonb,
      active boolean NOT NULL DEFAULT true,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (kind = 'partner_centre' OR (services = '{}' AND case_categories = '{}' AND acceptance_hours IS NULL)),
      CHECK (parent_id IS DISTINCT FROM id)
    )`);

    await q(`CREATE TABLE app_user (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES unit(id),
      username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
      display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
      roles text[] NOT NULL CHECK (cardinality(roles) >= 1 AND roles <@ ARRAY['desk_officer','supervisor','counsellor','centre_manager','auditor','administrator']),
      password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
      password_changed_at timestamptz NOT NULL,
      must_change_password boolean NOT NULL DEFAULT false,
      totp_secret_enc text,
      totp_enabled boolean NOT NULL DEFAULT false,
      totp_last_step bigint,
      recovery_code_hashes text[] NOT NULL DEFAULT '{}',
      failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      failed_window_started_at timestamptz,
      locked_at timestamptz,
      disabled_at timestamptz,
      last_sign_in_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (NOT totp_enabled OR totp_secret_enc IS NOT NULL)
    )`);
    await q(`CREATE INDEX app_user_unit_idx ON app_user (unit_id)`);

    await q(`CREATE TABLE user_session (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES app_user(id),
      stage text NOT NULL CHECK (stage IN ('second_factor', 'enrolment', 'active')),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_reason text CHECK (revoked_reason IN ('sign_out', 'sign_out_everywhere', 'password_changed', 'password_reset', 'user_disabled', 'second_factor_done', 'roles_changed'))
    )`);
    await q(`CREATE INDEX user_session_user_idx ON user_session (user_id) WHERE revoked_at IS NULL`);

    await q(`CREATE TABLE security_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      event_type text NOT NULL CHECK (event_type ~ '^[a-z_]+\\.[a-z_]+$'),
      outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
      user_id uuid REFERENCES app_user(id),
      subject_hash text,
      actor_user_id uuid REFERENCES app_user(id),
      actor_unit_id uuid REFERENCES unit(id),
      client_ip inet,
      correlation_id text,
      detail jsonb NOT NULL DEFAULT '{}'
    )`);
    await q(`CREATE INDEX security_event_time_idx ON security_event (occurred_at)`);

    for (const table of ['unit', 'app_user', 'user_session', 'security_event']) {
      await q(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q(`CREATE POLICY owner_functions ON ${table} USING (app.running_as_owner()) WITH CHECK (app.running_as_owner())`);
    }
    // Units are reference data every signed-in user reads (referring unit, centre names); administrators write.
    await q(`CREATE POLICY unit_read ON unit FOR SELECT USING (app.current_user_id() IS NOT NULL)`);
    await q(`CREATE POLICY unit_admin_insert ON unit FOR INSERT WITH CHECK (app.has_role('administrator'))`);
    await q(`CREATE POLICY unit_admin_update ON unit FOR UPDATE USING (app.has_role('administrator')) WITH CHECK (app.has_role('administrator'))`);
    // Users: yourself; administrators everyone; supervisors and centre managers the members of their own unit.
    await q(`CREATE POLICY user_read ON app_user FOR SELECT USING (
      id = app.current_user_id() OR app.has_role('administrator')
      OR (unit_id = app.current_unit_id() AND (app.has_role('supervisor') OR app.has_role('centre_manager'))))`);
    await q(`CREATE POLICY user_self_update ON app_user FOR UPDATE USING (id = app.current_user_id()) WITH CHECK (id = app.current_user_id())`);
    await q(`CREATE POLICY user_admin_insert ON app_user FOR INSERT WITH CHECK (app.has_role('administrator'))`);
    await q(`CREATE POLICY user_admin_update ON app_user FOR UPDATE USING (app.has_role('administrator')) WITH CHECK (app.has_role('administrator'))`);
    // Sessions: a user sees and ends only their own; administrators end others' (disable, reset).
    await q(`CREATE POLICY session_self ON user_session USING (user_id = app.current_user_id()) WITH CHECK (user_id = app.current_user_id())`);
    // An UPDATE only reaches rows its SELECT policies show, so ending others' sessions needs both.
    await q(`CREATE POLICY session_admin_read ON user_session FOR SELECT USING (app.has_role('administrator'))`);
    await q(`CREATE POLICY session_admin_update ON user_session FOR UPDATE USING (app.has_role('administrator')) WITH CHECK (app.has_role('administrator'))`);
    // Security events: anyone's request may record one (failed sign-ins have no actor); auditors and administrators read.
    await q(`CREATE POLICY security_event_insert ON security_event FOR INSERT WITH CHECK (true)`);
    await q(`CREATE POLICY security_event_read ON security_event FOR SELECT USING (app.has_role('auditor') OR app.has_role('administrator'))`);

    await q(`CREATE FUNCTION app.find_user_for_sign_in(p_username text)
      RETURNS TABLE (id uuid, unit_id uuid, roles text[], password_hash text, must_change_password boolean,
                     totp_enabled boolean, locked boolean, disabled boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT u.id, u.unit_id, u.roles, u.password_hash, u.must_change_password, u.totp_enabled,
               u.locked_at IS NOT NULL, u.disabled_at IS NOT NULL
          FROM app_user u WHERE u.username = lower(p_username) $$`);
    // Counts a failure inside the window and locks at the limit; returns whether the account is now locked.
    await q(`CREATE FUNCTION app.register_failed_sign_in(p_user_id uuid, p_at timestamptz, p_window interval, p_limit integer)
      RETURNS boolean LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        UPDATE app_user u SET
          failed_attempts = CASE WHEN u.failed_window_started_at IS NULL OR u.failed_window_started_at < p_at - p_window THEN 1 ELSE u.failed_attempts + 1 END,
          failed_window_started_at = CASE WHEN u.failed_window_started_at IS NULL OR u.failed_window_started_at < p_at - p_window THEN p_at ELSE u.failed_window_started_at END,
          locked_at = CASE WHEN u.locked_at IS NULL AND (CASE WHEN u.failed_window_started_at IS NULL OR u.failed_window_started_at < p_at - p_window THEN 1 ELSE u.failed_attempts + 1 END) >= p_limit THEN p_at ELSE u.locked_at END
         WHERE u.id = p_user_id
        RETURNING u.locked_at IS NOT NULL $$`);
    await q(`CREATE FUNCTION app.session_for_token(p_token_hash text)
      RETURNS TABLE (session_id uuid, user_id uuid, unit_id uuid, roles text[], stage text, created_at timestamptz,
                     last_seen_at timestamptz, expires_at timestamptz, revoked boolean, disabled boolean, must_change_password boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT s.id, s.user_id, u.unit_id, u.roles, s.stage, s.created_at, s.last_seen_at, s.expires_at,
               s.revoked_at IS NOT NULL, u.disabled_at IS NOT NULL, u.must_change_password
          FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = p_token_hash $$`);
    for (const fn of ['find_user_for_sign_in(text)', 'register_failed_sign_in(uuid, timestamptz, interval, integer)', 'session_for_token(text)']) {
      await q(`REVOKE ALL ON FUNCTION app.${fn} FROM PUBLIC`);
      await q(`GRANT EXECUTE ON FUNCTION app.${fn} TO ${quoteRole(api)}`);
    }
    await q(`GRANT SELECT, INSERT, UPDATE ON unit, app_user, user_session TO ${quoteRole(api)}`);
    await q(`GRANT SELECT, INSERT ON security_event TO ${quoteRole(api)}`);
    await q(`GRANT SELECT ON unit TO ${quoteRole(worker)}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP FUNCTION app.session_for_token(text)`);
    await q(`DROP FUNCTION app.register_failed_sign_in(uuid, timestamptz, interval, integer)`);
    await q(`DROP FUNCTION app.find_user_for_sign_in(text)`);
    await q(`DROP TABLE security_event`);
    await q(`DROP TABLE user_session`);
    await q(`DROP TABLE app_user`);
    await q(`DROP TABLE unit`);
    await q(`DROP FUNCTION app.has_role(text)`);
    await q(`DROP FUNCTION app.running_as_owner()`);
  }
}
