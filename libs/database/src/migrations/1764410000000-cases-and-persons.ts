import { MigrationInterface, QueryRunner } from 'typeorm';
import { createHistoryTable, enableRowLevelSecurity, grantTo, hasPermission, identifier, runtimeRoleNames } from '../migration-helpers';

/** Years whose reference counters exist from the start (later years are created on first use). */
const FIRST_COUNTER_YEAR = 2025;
const LAST_PRECREATED_COUNTER_YEAR = 2040;

/** Readable by whoever reads the case: the row-level security of case_file decides. */
const CASE_VISIBLE = (column: string) => `EXISTS (SELECT 1 FROM case_file c WHERE c.id = ${column})`;

/**
 * The desk officer's intake: persons (recorded by a unit, which owns them), cases with their subjects,
 * the case history that the timeline reads, the per-year reference counters and the idempotency store.
 * Sensitive values (narrative, document number, phones, address, the safe-contact note and removal
 * reasons) arrive encrypted by the api's FieldCipher: the database never holds their plaintext, and
 * exact look-ups use keyed hashes. Name search keys are generated columns over the IMMUTABLE key
 * functions of the previous migration, indexed for trigram distance (GiST: `ORDER BY key <-> $1`).
 */
export class CasesAndPersons1764410000000 implements MigrationInterface {
  name = 'CasesAndPersons1764410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE person (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES unit(id),
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      name_ar text CHECK (char_length(name_ar) BETWEEN 1 AND 200),
      name_latin text CHECK (char_length(name_latin) BETWEEN 1 AND 200),
      name_ar_key text GENERATED ALWAYS AS (app.arabic_search_key(coalesce(name_ar, ''))) STORED,
      name_latin_key text GENERATED ALWAYS AS (app.latin_search_key(coalesce(name_latin, ''))) STORED,
      skeleton_ar text GENERATED ALWAYS AS (app.name_skeleton(coalesce(name_ar, ''))) STORED,
      skeleton_latin text GENERATED ALWAYS AS (app.name_skeleton(coalesce(name_latin, ''))) STORED,
      birth_date date,
      stated_age smallint CHECK (stated_age BETWEEN 0 AND 130),
      age_stated_on date,
      sex text NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
      nationality text CHECK (nationality ~ '^[A-Z]{2}$'),
      document_type text CHECK (document_type IN ('qatar_id', 'iraqi_national_card', 'passport', 'other')),
      document_number_enc text,
      document_hash text,
      phones_enc text,
      phone_hashes text[] NOT NULL DEFAULT '{}',
      address_enc text,
      safe_to_call boolean NOT NULL DEFAULT true,
      safe_to_message boolean NOT NULL DEFAULT true,
      safe_hours text CHECK (char_length(safe_hours) <= 100),
      safe_contact_note_enc text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1,
      CHECK (name_ar IS NOT NULL OR name_latin IS NOT NULL),
      CHECK (birth_date IS NULL OR stated_age IS NULL),
      CHECK ((stated_age IS NULL) = (age_stated_on IS NULL)),
      CHECK ((document_type IS NULL) = (document_number_enc IS NULL) AND (document_number_enc IS NULL) = (document_hash IS NULL))
    )`);
    await q(`CREATE INDEX person_unit_idx ON person (unit_id)`);
    await q(`CREATE INDEX person_document_idx ON person (document_hash) WHERE document_hash IS NOT NULL`);
    await q(`CREATE INDEX person_phone_idx ON person USING gin (phone_hashes)`);
    for (const column of ['name_ar_key', 'name_latin_key', 'skeleton_ar', 'skeleton_latin']) {
      await q(`CREATE INDEX person_${column}_trgm_idx ON person USING gist (${column} gist_trgm_ops)`);
    }

    await q(`CREATE TABLE case_file (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reference text NOT NULL UNIQUE CHECK (reference ~ '^CP-[0-9]{4}-[0-9]{6}$'),
      owning_unit_id uuid NOT NULL REFERENCES unit(id),
      category text NOT NULL,
      urgency text NOT NULL CHECK (urgency IN ('low', 'medium', 'high', 'critical')),
      intake_channel text NOT NULL CHECK (intake_channel IN ('walk_in', 'phone', 'hotline', 'school', 'other_agency')),
      title text NOT NULL CHECK (char_length(title) BETWEEN 3 AND 120),
      narrative_enc text,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'referred', 'in_service', 'closed', 'escalated')),
      outcome text CHECK (outcome IN ('resolved', 'referred_to_authority', 'no_further_action', 'complainant_withdrew', 'transferred')),
      escalated_to text CHECK (escalated_to IN ('public_prosecution', 'family_court', 'police_investigation')),
      reason_enc text,
      created_by uuid NOT NULL REFERENCES app_user(id),
      assigned_officer_id uuid NOT NULL REFERENCES app_user(id),
      opened_at timestamptz NOT NULL,
      closed_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1,
      CHECK ((status = 'closed') = (outcome IS NOT NULL)),
      CHECK ((status = 'escalated') = (escalated_to IS NOT NULL))
    )`);
    await q(`CREATE INDEX case_file_unit_idx ON case_file (owning_unit_id, opened_at DESC)`);
    await q(`CREATE INDEX case_file_assigned_idx ON case_file (assigned_officer_id)`);
    await q(`CREATE INDEX case_file_created_by_idx ON case_file (created_by)`);
    await createHistoryTable(queryRunner, 'case_file');

    await q(`CREATE TABLE case_subject (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES case_file(id),
      person_id uuid NOT NULL REFERENCES person(id),
      role text NOT NULL CHECK (role IN ('victim', 'complainant', 'child', 'guardian', 'alleged_perpetrator', 'witness')),
      added_by uuid NOT NULL REFERENCES app_user(id),
      added_at timestamptz NOT NULL,
      removed_by uuid REFERENCES app_user(id),
      removed_at timestamptz,
      removal_reason_enc text,
      CHECK ((removed_at IS NULL) = (removed_by IS NULL) AND (removed_at IS NULL) = (removal_reason_enc IS NULL))
    )`);
    await q(`CREATE UNIQUE INDEX case_subject_active_idx ON case_subject (case_id, person_id, role) WHERE removed_at IS NULL`);
    await q(`CREATE INDEX case_subject_person_idx ON case_subject (person_id)`);

    // Who owns a case, and who recorded a person, never changes: scopes and the trail's policy key on it.
    const fixedColumns: Array<[string, string, string]> = [
      ['case_file', 'owning_unit_id, reference, created_by, opened_at', 'a case keeps its owning unit, reference, creator and opening time'],
      ['person', 'unit_id, recorded_by', 'a person stays with the unit that recorded it'],
      ['case_subject', 'case_id, person_id, role, added_by, added_at', 'a case subject is removed, never rewritten'],
    ];
    for (const [table, columns, message] of fixedColumns) {
      const row = (alias: string) =>
        `(${columns
          .split(', ')
          .map((column) => `${alias}.${identifier(column)}`)
          .join(', ')})`;
      await q(`CREATE FUNCTION app.${table}_keeps_owner() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF ${row('NEW')} IS DISTINCT FROM ${row('OLD')} THEN RAISE EXCEPTION '${message}' USING ERRCODE = 'check_violation'; END IF;
          RETURN NEW;
        END $$`);
      await q(`CREATE TRIGGER ${table}_owner_fixed BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION app.${table}_keeps_owner()`);
    }

    // One counter per year for the whole system: sequences never roll back, so a failed intake leaves a
    // gap and no reference is handed out twice; concurrent intakes never wait on one another.
    for (let year = FIRST_COUNTER_YEAR; year <= LAST_PRECREATED_COUNTER_YEAR; year++) {
      await q(`CREATE SEQUENCE case_reference_${year} MINVALUE 1 MAXVALUE 999999 NO CYCLE`);
    }
    await q(`CREATE FUNCTION app.next_case_reference(p_unit uuid, p_at timestamptz) RETURNS text
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        v_year integer;
        v_counter text;
      BEGIN
        SELECT EXTRACT(YEAR FROM p_at AT TIME ZONE time_zone)::integer INTO v_year FROM unit WHERE id = p_unit;
        IF v_year IS NULL OR v_year NOT BETWEEN 2000 AND 2999 THEN
          RAISE EXCEPTION 'no reference year for this unit and time' USING ERRCODE = 'check_violation';
        END IF;
        v_counter := 'case_reference_' || v_year;
        IF to_regclass('public.' || v_counter) IS NULL THEN
          PERFORM pg_advisory_xact_lock(hashtext(v_counter));
          EXECUTE format('CREATE SEQUENCE IF NOT EXISTS public.%I MINVALUE 1 MAXVALUE 999999 NO CYCLE', v_counter);
        END IF;
        RETURN 'CP-' || v_year || '-' || lpad(nextval(('public.' || v_counter)::regclass)::text, 6, '0');
      END $$`);
    await q(`REVOKE ALL ON FUNCTION app.next_case_reference(uuid, timestamptz) FROM PUBLIC`);
    await q(`GRANT EXECUTE ON FUNCTION app.next_case_reference(uuid, timestamptz) TO ${runtimeRoleNames(['api'])}`);

    await q(`CREATE TABLE idempotency_record (
      user_id uuid NOT NULL REFERENCES app_user(id),
      key text NOT NULL CHECK (key ~ '^[A-Za-z0-9_-]{8,128}$'),
      operation text NOT NULL CHECK (operation ~ '^[a-z_.]{1,64}$'),
      request_hash text NOT NULL,
      resource_id uuid,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, key)
    )`);

    for (const table of ['person', 'case_file', 'case_subject', 'idempotency_record']) await enableRowLevelSecurity(queryRunner, table);
    await this.createPolicies(queryRunner);
    await grantTo(queryRunner, ['api'], 'SELECT, INSERT, UPDATE', ['person', 'case_file', 'case_subject', 'idempotency_record']);
    await grantTo(queryRunner, ['api'], 'SELECT, INSERT', ['case_file_history']);
    await q(`GRANT USAGE ON SEQUENCE case_file_history_id_seq TO ${runtimeRoleNames(['api'])}`);

    // Supervisors' audit scope also covers the events of any case of their unit, whoever acted.
    await q(`CREATE FUNCTION app.case_owning_unit(p_case uuid) RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = pg_catalog, public AS $$ SELECT owning_unit_id FROM case_file WHERE id = p_case $$`);
    await q(`REVOKE ALL ON FUNCTION app.case_owning_unit(uuid) FROM PUBLIC`);
    await q(`GRANT EXECUTE ON FUNCTION app.case_owning_unit(uuid) TO ${runtimeRoleNames(['api', 'worker'])}`);
    await q(`CREATE POLICY audit_read_unit_cases ON audit_event FOR SELECT
      USING (${hasPermission('audit.read_unit')} AND case_id IS NOT NULL AND app.case_owning_unit(case_id) = app.current_unit_id())`);
  }

  private async createPolicies(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    const readsCase = `owning_unit_id = app.current_unit_id() AND (${hasPermission('case.read_unit')}
      OR (${hasPermission('case.read_own')} AND (created_by = app.current_user_id() OR assigned_officer_id = app.current_user_id())))`;
    await q(`CREATE POLICY case_read ON case_file FOR SELECT USING (${readsCase})`);
    await q(`CREATE POLICY case_insert ON case_file FOR INSERT
      WITH CHECK (${hasPermission('case.create')} AND owning_unit_id = app.current_unit_id() AND created_by = app.current_user_id())`);
    await q(`CREATE POLICY case_update ON case_file FOR UPDATE USING (${readsCase}) WITH CHECK (owning_unit_id = app.current_unit_id())`);
    await q(`CREATE POLICY case_history_read ON case_file_history FOR SELECT USING (${CASE_VISIBLE('record_id')})`);
    await q(`CREATE POLICY case_history_insert ON case_file_history FOR INSERT WITH CHECK (${CASE_VISIBLE('record_id')})`);
    await q(`CREATE POLICY case_subject_read ON case_subject FOR SELECT USING (${CASE_VISIBLE('case_id')})`);
    // The person must be one the caller's unit holds (person's own policy), not only the case.
    await q(`CREATE POLICY case_subject_insert ON case_subject FOR INSERT
      WITH CHECK (${CASE_VISIBLE('case_id')} AND added_by = app.current_user_id() AND EXISTS (SELECT 1 FROM person p WHERE p.id = person_id))`);
    await q(`CREATE POLICY case_subject_update ON case_subject FOR UPDATE USING (${CASE_VISIBLE('case_id')}) WITH CHECK (${CASE_VISIBLE('case_id')})`);
    // A person row is visible to its unit's holders of person.read (duplicate suggestions need the
    // unit's persons); who may open the whole record is the access service's narrower rule.
    await q(`CREATE POLICY person_read ON person FOR SELECT USING (unit_id = app.current_unit_id() AND ${hasPermission('person.read')})`);
    await q(`CREATE POLICY person_insert ON person FOR INSERT
      WITH CHECK (${hasPermission('person.create')} AND unit_id = app.current_unit_id() AND recorded_by = app.current_user_id())`);
    // Changing a person needs what reading it needs: recorded by the caller, or a subject of a case they read.
    await q(`CREATE POLICY person_update ON person FOR UPDATE
      USING (unit_id = app.current_unit_id() AND ${hasPermission('person.update')} AND (recorded_by = app.current_user_id() OR EXISTS (
        SELECT 1 FROM case_subject s JOIN case_file c ON c.id = s.case_id WHERE s.person_id = person.id AND s.removed_at IS NULL)))
      WITH CHECK (unit_id = app.current_unit_id())`);
    await q(`CREATE POLICY idempotency_own ON idempotency_record FOR ALL USING (user_id = app.current_user_id()) WITH CHECK (user_id = app.current_user_id())`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP POLICY audit_read_unit_cases ON audit_event`);
    // Policies that read another table of this migration, so the tables can go in any order.
    await q(`DROP POLICY person_update ON person`);
    await q(`DROP POLICY case_subject_insert ON case_subject`);
    await q(`DROP FUNCTION app.case_owning_unit(uuid)`);
    await q(`DROP TABLE idempotency_record`);
    await q(`DROP FUNCTION app.next_case_reference(uuid, timestamptz)`);
    const counters = await queryRunner.query(`SELECT relname FROM pg_class WHERE relkind = 'S' AND relname ~ '^case_reference_[0-9]{4}$'`);
    for (const { relname } of counters as Array<{ relname: string }>) await q(`DROP SEQUENCE ${identifier(relname)}`);
    await q(`DROP TABLE case_subject`);
    await q(`DROP TABLE case_file_history`);
    await q(`DROP TABLE case_file`);
    await q(`DROP TABLE person`);
    for (const table of ['case_file', 'person', 'case_subject']) await q(`DROP FUNCTION app.${table}_keeps_owner()`);
  }
}
