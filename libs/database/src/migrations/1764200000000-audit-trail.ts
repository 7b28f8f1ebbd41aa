import { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteRole, runtimeRoles } from '../runtime-roles';

/**
 * The tamper-evident audit trail. Business transactions insert events unsealed (no global lock);
 * the worker's sealer chains them later, in the order it seals them, once no older transaction can
 * still commit (pg_snapshot_xmin over each event's transaction id). A trigger makes all three tables
 * append-only, for the owner too. Security events recorded so far move into the trail.
 */
export class AuditTrail1764200000000 implements MigrationInterface {
  name = 'AuditTrail1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { api, worker } = runtimeRoles();
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE audit_event (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      actor_user_id uuid,
      actor_roles text[] NOT NULL DEFAULT '{}' CHECK (actor_roles <@ ARRAY['desk_officer', 'supervisor', 'counsellor', 'centre_manager', 'auditor', 'administrator']),
      actor_unit_id uuid,
      action text NOT NULL CHECK (action ~ '^[a-z_]+\\.[a-z_]+$'),
      object_type text CHECK (object_type ~ '^[a-z_]+$'),
      object_id text CHECK (object_id ~ '^[A-Za-z0-9:._-]{1,100}$'),
      case_id uuid,
      outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
      correlation_id text CHECK (correlation_id ~ '^[A-Za-z0-9:._-]{1,100}$'),
      client_ip inet,
      justification text CHECK (length(justification) <= 2000),
      subject_hash text CHECK (subject_hash ~ '^[A-Za-z0-9_-]{43}$'),
      detail jsonb NOT NULL DEFAULT '{}' CHECK (length(detail::text) <= 4000),
      txid xid8 NOT NULL DEFAULT pg_current_xact_id()
    )`);
    await q(`CREATE INDEX audit_event_time_idx ON audit_event (occurred_at)`);
    await q(`CREATE INDEX audit_event_object_idx ON audit_event (object_type, object_id)`);
    await q(`CREATE INDEX audit_event_case_idx ON audit_event (case_id) WHERE case_id IS NOT NULL`);
    await q(`CREATE INDEX audit_event_unit_idx ON audit_event (actor_unit_id, occurred_at)`);
    await q(`CREATE TABLE audit_seal (
      chain_index bigint PRIMARY KEY CHECK (chain_index >= 1),
      seq bigint NOT NULL UNIQUE,
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      sealed_at timestamptz NOT NULL
    )`);
    await q(`CREATE TABLE audit_checkpoint (
      chain_index bigint PRIMARY KEY,
      seq bigint NOT NULL,
      head_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      signature text NOT NULL
    )`);
    // The canonical text of an event: what the chain hashes (libs/audit/src/canonical-event.ts inlines
    // the same expression into the sealer's and verifier's queries; a test holds them equal).
    await q(`CREATE FUNCTION app.audit_canonical(e audit_event) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT e.seq::text || E'\\x1f' || ((date_part('epoch', e.occurred_at) * 1000000)::bigint)::text || E'\\x1f' || coalesce(e.actor_user_id::text, '~') || E'\\x1f' || array_to_string(e.actor_roles, ',') || E'\\x1f' || coalesce(e.actor_unit_id::text, '~') || E'\\x1f' || e.action || E'\\x1f' || coalesce(e.object_type, '~') || E'\\x1f' || coalesce(e.object_id, '~') || E'\\x1f' || coalesce(e.case_id::text, '~') || E'\\x1f' || e.outcome || E'\\x1f' || coalesce(e.correlation_id, '~') || E'\\x1f' || coalesce(host(e.client_ip), '~') || E'\\x1f' || coalesce(to_json(e.justification)::text, '~') || E'\\x1f' || coalesce(e.subject_hash, '~') || E'\\x1f' || e.detail::text $$`);
    await q(`CREATE FUNCTION app.reject_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the audit trail is append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$`);
    for (const table of ['audit_event', 'audit_seal', 'audit_checkpoint']) {
      await q(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION app.reject_audit_change()`);
      await q(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION app.reject_audit_change()`);
    }
    await q(`ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY`);
    await q(`ALTER TABLE audit_event FORCE ROW LEVEL SECURITY`);
    await q(`CREATE POLICY audit_insert ON audit_event FOR INSERT WITH CHECK (true)`);
    // Auditors read everything (no case contents are in it); supervisors the events of their own unit;
    // administrators the security events (sign-ins, lockouts, denials) to investigate accounts.
    await q(`CREATE POLICY audit_read ON audit_event FOR SELECT USING (
      app.has_role('auditor') OR (app.has_role('supervisor') AND actor_unit_id = app.current_unit_id())
      OR (app.has_role('administrator') AND action LIKE ANY (ARRAY['sign\\_in.%', 'account.%', 'session.%', 'password.%', 'role.%', 'second\\_factor.%', 'recovery\\_code.%', 'access.%'])))`);
    // The sealer and the verifier read the whole trail to hash it.
    await q(`CREATE POLICY audit_worker_read ON audit_event FOR SELECT TO ${quoteRole(worker)} USING (true)`);
    await q(`CREATE POLICY audit_owner ON audit_event USING (app.running_as_owner()) WITH CHECK (app.running_as_owner())`);
    // For readiness: how long the oldest event above the sealed head has waited (no content leaves).
    await q(`CREATE FUNCTION app.audit_seal_lag(p_now timestamptz) RETURNS double precision
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT coalesce(extract(epoch FROM p_now - min(e.occurred_at)), 0)::double precision
          FROM audit_event e WHERE e.seq > coalesce((SELECT max(seq) FROM audit_seal), 0) $$`);
    await q(`REVOKE ALL ON FUNCTION app.audit_seal_lag(timestamptz) FROM PUBLIC`);
    await q(`GRANT EXECUTE ON FUNCTION app.audit_seal_lag(timestamptz) TO ${quoteRole(api)}`);
    await q(`GRANT SELECT, INSERT ON audit_event TO ${quoteRole(api)}, ${quoteRole(worker)}`);
    await q(`GRANT SELECT ON audit_seal, audit_checkpoint TO ${quoteRole(api)}`);
    await q(`GRANT SELECT, INSERT ON audit_seal, audit_checkpoint TO ${quoteRole(worker)}`);

    await q(`INSERT INTO audit_event (occurred_at, actor_user_id, actor_unit_id, action, object_type, object_id, outcome, correlation_id, client_ip, subject_hash, detail)
      SELECT occurred_at, actor_user_id, actor_unit_id, event_type, CASE WHEN user_id IS NULL THEN NULL ELSE 'user' END, user_id::text,
             outcome, correlation_id, client_ip, subject_hash, detail
        FROM security_event ORDER BY id`);
    await q(`DROP TABLE security_event`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const { api } = runtimeRoles();
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE security_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, occurred_at timestamptz NOT NULL,
      event_type text NOT NULL CHECK (event_type ~ '^[a-z_]+\\.[a-z_]+$'), outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
      user_id uuid REFERENCES app_user(id), subject_hash text, actor_user_id uuid REFERENCES app_user(id), actor_unit_id uuid REFERENCES unit(id),
      client_ip inet, correlation_id text, detail jsonb NOT NULL DEFAULT '{}')`);
    await q(`CREATE INDEX security_event_time_idx ON security_event (occurred_at)`);
    await q(`ALTER TABLE security_event ENABLE ROW LEVEL SECURITY`);
    await q(`ALTER TABLE security_event FORCE ROW LEVEL SECURITY`);
    await q(`CREATE POLICY owner_functions ON security_event USING (app.running_as_owner()) WITH CHECK (app.running_as_owner())`);
    await q(`CREATE POLICY security_event_insert ON security_event FOR INSERT WITH CHECK (true)`);
    await q(`CREATE POLICY security_event_read ON security_event FOR SELECT USING (app.has_role('auditor') OR app.has_role('administrator'))`);
    await q(`GRANT SELECT, INSERT ON security_event TO ${quoteRole(api)}`);
    await q(`DROP FUNCTION app.audit_seal_lag(timestamptz)`);
    await q(`DROP FUNCTION app.audit_canonical(audit_event)`);
    await q(`DROP TABLE audit_checkpoint, audit_seal, audit_event`);
    await q(`DROP FUNCTION app.reject_audit_change()`);
  }
}
