import { MigrationInterface, QueryRunner } from 'typeorm';
import { createHistoryTable, enableRowLevelSecurity, grantTo, hasPermission, runtimeRoleNames, textArray } from '../migration-helpers';

// The vocabularies as they stood when this migration was written (migrations are history).
const STATES = ['pending', 'accepted', 'in_service', 'completed', 'declined', 'withdrawn', 'escalated'];
const HELD = ['accepted', 'in_service', 'completed', 'escalated'];
const URGENCIES = ['low', 'medium', 'high', 'critical'];
const CENTRE_SERVICES = [
  'protection',
  'legal_support',
  'psychological_support',
  'social_support',
  'family_counselling',
  'mediation',
  'court_decision_follow_up',
  'addiction_rehabilitation',
  'child_labour',
];
const DECLINE_REASONS = ['outside_services', 'no_capacity', 'not_eligible', 'client_unreachable', 'duplicate', 'other'];
const WITHDRAWAL_REASONS = ['resolved_by_police', 'client_request', 'sent_in_error', 'redirected', 'consent_withdrawn', 'consent_lapsed', 'other'];
const OUTCOMES = ['resolved', 'referred_to_authority', 'client_disengaged', 'transferred'];
const TIME_OF_DAY = `'^([01][0-9]|2[0-3]):[0-5][0-9]$'`;

const oneOf = (column: string, values: string[]) => `${column} = ANY (${textArray(values)})`;

/**
 * Referrals to partner centres. A referral names its case, centre and client subjects; its shared
 * fields live in snapshots (one ciphertext each, written by the api's FieldCipher), centre notes in a
 * table police never read. The database holds the lifecycle's invariants: a held state has a holder
 * (and a pending one none), one active referral per case and centre, references unique.
 * Units gain office hours and, per urgency, whether the acceptance deadline counts calendar hours.
 */
export class Referrals1764450000000 implements MigrationInterface {
  name = 'Referrals1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`ALTER TABLE unit
      ADD COLUMN office_opens text NOT NULL DEFAULT '07:00' CHECK (office_opens ~ ${TIME_OF_DAY}),
      ADD COLUMN office_closes text NOT NULL DEFAULT '14:00' CHECK (office_closes ~ ${TIME_OF_DAY}),
      ADD COLUMN calendar_hours_urgencies text[] NOT NULL DEFAULT '{critical}' CHECK (calendar_hours_urgencies <@ ${textArray(URGENCIES)}),
      ADD CONSTRAINT unit_office_hours_order CHECK (office_opens < office_closes)`);

    await q(`CREATE TABLE referral (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE CHECK (reference ~ '^RF-[0-9]{4}-[0-9]{6}$'),
      case_id uuid NOT NULL REFERENCES case_file(id),
      referring_unit_id uuid NOT NULL REFERENCES unit(id),
      centre_id uuid NOT NULL REFERENCES unit(id),
      client_subject_ids uuid[] NOT NULL CHECK (cardinality(client_subject_ids) BETWEEN 1 AND 20),
      services text[] NOT NULL CHECK (cardinality(services) >= 1 AND services <@ ${textArray(CENTRE_SERVICES)}),
      category text NOT NULL,
      urgency text NOT NULL CHECK (${oneOf('urgency', URGENCIES)}),
      reason_enc text NOT NULL,
      summary jsonb NOT NULL CHECK (jsonb_typeof(summary) = 'array' AND length(summary::text) <= 4000),
      shared_fields jsonb NOT NULL CHECK (jsonb_typeof(shared_fields) = 'object' AND length(shared_fields::text) <= 4000),
      relied_consent_ids uuid[] NOT NULL DEFAULT '{}',
      relied_legal_basis_ids uuid[] NOT NULL DEFAULT '{}',
      valid_until timestamptz,
      status text NOT NULL DEFAULT 'pending' CHECK (${oneOf('status', STATES)}),
      sent_by uuid NOT NULL REFERENCES app_user(id),
      sent_at timestamptz NOT NULL,
      deadline_at timestamptz NOT NULL CHECK (deadline_at > sent_at),
      reminder_at timestamptz NOT NULL CHECK (reminder_at BETWEEN sent_at AND deadline_at),
      reminded_at timestamptz,
      overdue_at timestamptz,
      holder_user_id uuid REFERENCES app_user(id),
      holder_name text CHECK (length(holder_name) BETWEEN 1 AND 200),
      accepted_at timestamptz,
      started_at timestamptz,
      ended_at timestamptz,
      ended_by uuid REFERENCES app_user(id),
      decline_reason text CHECK (${oneOf('decline_reason', DECLINE_REASONS)}),
      withdrawal_reason text CHECK (${oneOf('withdrawal_reason', WITHDRAWAL_REASONS)}),
      outcome text CHECK (${oneOf('outcome', OUTCOMES)}),
      end_text_enc text,
      redirected_from_id uuid UNIQUE REFERENCES referral(id),
      identifying_closed_at timestamptz,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1,
      CONSTRAINT referral_held_has_holder CHECK (
        (status = 'pending' AND holder_user_id IS NULL AND accepted_at IS NULL)
        OR (status = 'declined' AND holder_user_id IS NULL)
        OR (${oneOf('status', HELD)} AND holder_user_id IS NOT NULL AND holder_name IS NOT NULL AND accepted_at IS NOT NULL)
        OR status = 'withdrawn'),
      CHECK ((holder_user_id IS NULL) = (holder_name IS NULL)),
      CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
      CHECK ((status = 'withdrawn') = (withdrawal_reason IS NOT NULL)),
      CHECK ((status = 'completed') = (outcome IS NOT NULL)),
      CHECK ((${oneOf('status', ['pending', 'accepted', 'in_service'])}) = (ended_at IS NULL)),
      CHECK (centre_id <> referring_unit_id)
    )`);
    await q(`CREATE UNIQUE INDEX referral_one_active_per_centre ON referral (case_id, centre_id) WHERE status IN ('pending', 'accepted', 'in_service')`);
    await q(`CREATE INDEX referral_case_idx ON referral (case_id, sent_at)`);
    await q(`CREATE INDEX referral_queue_idx ON referral (centre_id, deadline_at, id) WHERE status = 'pending'`);
    await q(`CREATE INDEX referral_unit_idx ON referral (referring_unit_id, sent_at)`);
    await q(`CREATE INDEX referral_reminder_idx ON referral (reminder_at) WHERE status = 'pending' AND reminded_at IS NULL`);
    await q(`CREATE INDEX referral_overdue_idx ON referral (deadline_at) WHERE status = 'pending' AND overdue_at IS NULL`);
    await createHistoryTable(queryRunner, 'referral');

    await q(`CREATE TABLE referral_snapshot (
      id uuid PRIMARY KEY,
      referral_id uuid NOT NULL REFERENCES referral(id),
      seq integer NOT NULL CHECK (seq >= 1),
      content_enc text NOT NULL,
      fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object' AND length(fields::text) <= 4000),
      changed jsonb NOT NULL CHECK (jsonb_typeof(changed) = 'object' AND length(changed::text) <= 4000),
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      UNIQUE (referral_id, seq)
    )`);
    await q(`CREATE TABLE referral_note (
      id uuid PRIMARY KEY,
      referral_id uuid NOT NULL REFERENCES referral(id),
      author_user_id uuid NOT NULL REFERENCES app_user(id),
      author_name text NOT NULL CHECK (length(author_name) BETWEEN 1 AND 200),
      body_enc text NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q(`CREATE INDEX referral_note_referral_idx ON referral_note (referral_id, created_at)`);
    await this.createReferenceCounter(queryRunner);
    await this.createCaseFollowsReferrals(queryRunner);
    for (const table of ['referral', 'referral_snapshot', 'referral_note']) await enableRowLevelSecurity(queryRunner, table);
    await this.createPolicies(queryRunner);
    await this.letWorkerWatchDeadlines(queryRunner);
    await grantTo(queryRunner, ['api'], 'SELECT, INSERT, UPDATE', ['referral']);
    await grantTo(queryRunner, ['api'], 'SELECT, INSERT', ['referral_history', 'referral_snapshot', 'referral_note']);
    await q(`GRANT USAGE ON SEQUENCE referral_history_id_seq TO ${runtimeRoleNames(['api', 'worker'])}`);
  }

  /** One counter per year for the whole system, like case references; the year in the centre's zone. */
  private async createReferenceCounter(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE FUNCTION app.next_referral_reference(p_centre uuid, p_at timestamptz) RETURNS text
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        v_year integer;
        v_counter text;
      BEGIN
        SELECT EXTRACT(YEAR FROM p_at AT TIME ZONE time_zone)::integer INTO v_year FROM unit WHERE id = p_centre;
        IF v_year IS NULL OR v_year NOT BETWEEN 2000 AND 2999 THEN
          RAISE EXCEPTION 'no reference year for this centre and time' USING ERRCODE = 'check_violation';
        END IF;
        v_counter := 'referral_reference_' || v_year;
        IF to_regclass('public.' || v_counter) IS NULL THEN
          PERFORM pg_advisory_xact_lock(hashtext(v_counter));
          EXECUTE format('CREATE SEQUENCE IF NOT EXISTS public.%I MINVALUE 1 MAXVALUE 999999 NO CYCLE', v_counter);
        END IF;
        RETURN 'RF-' || v_year || '-' || lpad(nextval(('public.' || v_counter)::regclass)::text, 6, '0');
      END $$`);
    await q(`REVOKE ALL ON FUNCTION app.next_referral_reference(uuid, timestamptz) FROM PUBLIC`);
    await q(`GRANT EXECUTE ON FUNCTION app.next_referral_reference(uuid, timestamptz) TO ${runtimeRoleNames(['api'])}`);
  }

  /**
   * DESIGN: a case's status follows its referrals (referred while one is pending or accepted, in service
   * while one is in service, open when none is active). A centre's counsellor and the worker cannot
   * read the case, yet their transitions move it: this one function does that move and its history
   * line, and nothing else (it sets the status to what the referrals say, never closes or reopens).
   */
  private async createCaseFollowsReferrals(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE FUNCTION app.case_follows_referrals(p_case uuid, p_actor_user uuid, p_actor_unit uuid, p_at timestamptz) RETURNS text
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        v_from text;
        v_to text;
        v_action text;
      BEGIN
        SELECT status INTO v_from FROM case_file WHERE id = p_case FOR UPDATE;
        IF v_from IS NULL OR v_from NOT IN ('open', 'referred', 'in_service') THEN RETURN v_from; END IF;
        SELECT CASE WHEN bool_or(status = 'in_service') THEN 'in_service'
                    WHEN bool_or(status IN ('pending', 'accepted')) THEN 'referred' ELSE 'open' END
          INTO v_to FROM referral WHERE case_id = p_case;
        v_to := coalesce(v_to, 'open');
        IF v_to = v_from THEN RETURN v_from; END IF;
        v_action := CASE WHEN v_to = 'referred' AND v_from = 'open' THEN 'refer'
                         WHEN v_to = 'referred' THEN 'end_service'
                         WHEN v_to = 'in_service' THEN 'start_service'
                         ELSE 'end_referrals' END;
        UPDATE case_file SET status = v_to, updated_at = p_at, version = version + 1 WHERE id = p_case;
        INSERT INTO case_file_history (record_id, action, from_state, to_state, actor_user_id, actor_unit_id, at, detail)
          VALUES (p_case, v_action, v_from, v_to, p_actor_user, p_actor_unit, p_at, '{}');
        RETURN v_to;
      END $$`);
    await q(`REVOKE ALL ON FUNCTION app.case_follows_referrals(uuid, uuid, uuid, timestamptz) FROM PUBLIC`);
    await q(`GRANT EXECUTE ON FUNCTION app.case_follows_referrals(uuid, uuid, uuid, timestamptz) TO ${runtimeRoleNames(['api', 'worker'])}`);
  }

  /**
   * Police read and change the referrals of the cases they read (case_file's own policy decides); a
   * centre reads its own referrals but never a declined or withdrawn one (the one who declined it
   * sees it within that transaction only, so the decline can return it); shared fields reach only the
   * holder and the centre's managers once accepted, and notes never reach the police.
   */
  private async createPolicies(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    const api = runtimeRoleNames(['api']);
    const caseVisible = `EXISTS (SELECT 1 FROM case_file c WHERE c.id = case_id)`;
    const police = `${hasPermission('referral.read_police')} AND ${caseVisible}`;
    const centre = `${hasPermission('referral.read_centre')} AND centre_id = app.current_unit_id()`;
    await q(`CREATE POLICY referral_police_read ON referral FOR SELECT TO ${api} USING (${police})`);
    await q(`CREATE POLICY referral_centre_read ON referral FOR SELECT TO ${api}
      USING (${centre} AND (status NOT IN ('declined', 'withdrawn') OR ended_by = app.current_user_id()))`);
    await q(`CREATE POLICY referral_send ON referral FOR INSERT TO ${api}
      WITH CHECK (${hasPermission('referral.send')} AND referring_unit_id = app.current_unit_id() AND sent_by = app.current_user_id() AND ${caseVisible})`);
    await q(`CREATE POLICY referral_police_update ON referral FOR UPDATE TO ${api} USING (${police}) WITH CHECK (${caseVisible})`);
    await q(`CREATE POLICY referral_centre_update ON referral FOR UPDATE TO ${api}
      USING (${centre} AND status NOT IN ('declined', 'withdrawn')) WITH CHECK (centre_id = app.current_unit_id())`);

    const referralVisible = (column: string) => `EXISTS (SELECT 1 FROM referral r WHERE r.id = ${column})`;
    await q(`CREATE POLICY referral_history_read ON referral_history FOR SELECT TO ${api} USING (${referralVisible('record_id')})`);
    await q(`CREATE POLICY referral_history_insert ON referral_history FOR INSERT TO ${api} WITH CHECK (${referralVisible('record_id')})`);

    const heldByCaller = `r.centre_id = app.current_unit_id() AND r.status = ANY (${textArray(HELD)})
      AND (r.holder_user_id = app.current_user_id() OR ${hasPermission('referral.assign')})`;
    // A completed referral whose consent ended keeps its outcome and notes, not the shared fields.
    await q(`CREATE POLICY referral_snapshot_centre_read ON referral_snapshot FOR SELECT TO ${api}
      USING (${hasPermission('referral.read_centre')} AND EXISTS (SELECT 1 FROM referral r WHERE r.id = referral_id AND ${heldByCaller}
        AND r.identifying_closed_at IS NULL))`);
    await q(`CREATE POLICY referral_snapshot_police ON referral_snapshot FOR SELECT TO ${api}
      USING (${hasPermission('referral.read_police')} AND ${referralVisible('referral_id')})`);
    await q(`CREATE POLICY referral_snapshot_insert ON referral_snapshot FOR INSERT TO ${api}
      WITH CHECK (${hasPermission('referral.send')} AND created_by = app.current_user_id() AND ${referralVisible('referral_id')})`);
    const noteScope = `${hasPermission('referral.note')} AND EXISTS (SELECT 1 FROM referral r WHERE r.id = referral_id AND ${heldByCaller})`;
    await q(`CREATE POLICY referral_note_read ON referral_note FOR SELECT TO ${api} USING (${noteScope})`);
    await q(`CREATE POLICY referral_note_insert ON referral_note FOR INSERT TO ${api} WITH CHECK (${noteScope} AND author_user_id = app.current_user_id())`);
  }

  /**
   * The worker (the system actor) marks reminders and overdue referrals, and withdraws what relied on a
   * consent that lapsed. Column grants keep every ciphertext and the summary out of its reach.
   */
  private async letWorkerWatchDeadlines(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    const worker = runtimeRoleNames(['worker']);
    const watching = hasPermission('referral.watch');
    await q(`GRANT SELECT (id, reference, case_id, referring_unit_id, centre_id, urgency, status, relied_consent_ids, relied_legal_basis_ids,
        sent_at, deadline_at, reminder_at, reminded_at, overdue_at, holder_user_id, ended_at, identifying_closed_at, version),
      UPDATE (status, reminded_at, overdue_at, ended_at, withdrawal_reason, identifying_closed_at, updated_at, version) ON referral TO ${worker}`);
    await q(`GRANT SELECT, INSERT ON referral_history TO ${worker}`);
    await q(`CREATE POLICY referral_worker_read ON referral FOR SELECT TO ${worker} USING (${watching})`);
    await q(`CREATE POLICY referral_worker_update ON referral FOR UPDATE TO ${worker} USING (${watching}) WITH CHECK (${watching})`);
    await q(`CREATE POLICY referral_history_worker ON referral_history TO ${worker} USING (${watching}) WITH CHECK (${watching})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP TABLE referral_note`);
    await q(`DROP TABLE referral_snapshot`);
    await q(`DROP TABLE referral_history`);
    await q(`DROP TABLE referral`);
    await q(`DROP FUNCTION app.case_follows_referrals(uuid, uuid, uuid, timestamptz)`);
    await q(`DROP FUNCTION app.next_referral_reference(uuid, timestamptz)`);
    await q(
      `ALTER TABLE unit DROP CONSTRAINT unit_office_hours_order, DROP COLUMN office_opens, DROP COLUMN office_closes, DROP COLUMN calendar_hours_urgencies`,
    );
  }
}
