import { MigrationInterface, QueryRunner } from 'typeorm';
import { createHistoryTable, enableRowLevelSecurity, grantTo, hasPermission, makeLedger, runtimeRoleNames, textArray } from '../migration-helpers';

// The vocabularies as they stood when this migration was written (migrations are history: a later
// change to the code's lists comes with a migration of its own).
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
const DATA_CATEGORIES = ['identity', 'contact', 'address', 'narrative', 'documents'];

/** Readable by whoever reads the case: the row-level security of case_file decides. */
const CASE_VISIBLE = (column: string) => `EXISTS (SELECT 1 FROM case_file c WHERE c.id = ${column})`;
const oneOf = (column: string, values: string[]) => `${column} = ANY (${textArray(values)})`;
const subsetOf = (column: string, values: string[]) => `cardinality(${column}) >= 1 AND ${column} <@ ${textArray(values)}`;

/**
 * The consent ledger and the legal bases that stand in for consent. Consent records are never edited
 * or deleted (a change is a new record that supersedes the old one; a withdrawal is written once on
 * the record), and a legal basis's content is fixed once requested; its decision is written once, by
 * a supervisor other than the requester (a CHECK, so four eyes hold in the database too). Free text
 * (notes, justifications, reasons) arrives encrypted by the api's FieldCipher.
 */
export class ConsentLedger1764430000000 implements MigrationInterface {
  name = 'ConsentLedger1764430000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE consent_record (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES case_file(id),
      subject_id uuid NOT NULL REFERENCES case_subject(id),
      person_id uuid NOT NULL REFERENCES person(id),
      given_by text NOT NULL CHECK (${oneOf('given_by', ['subject', 'guardian'])}),
      guardian_subject_id uuid REFERENCES case_subject(id),
      guardian_person_id uuid REFERENCES person(id),
      minor_view text CHECK (${oneOf('minor_view', ['assent', 'dissent'])}),
      any_centre boolean NOT NULL,
      centre_ids uuid[] NOT NULL DEFAULT '{}',
      services text[] NOT NULL CHECK (${subsetOf('services', CENTRE_SERVICES)}),
      data_categories text[] NOT NULL CHECK (${subsetOf('data_categories', DATA_CATEGORIES)}),
      method text NOT NULL CHECK (${oneOf('method', ['verbal', 'written', 'written_form_to_follow'])}),
      language text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
      note_enc text,
      expires_at timestamptz,
      supersedes_id uuid UNIQUE REFERENCES consent_record(id),
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL,
      withdrawn_at timestamptz,
      withdrawal_recorded_by uuid REFERENCES app_user(id),
      withdrawal_reported_by text CHECK (${oneOf('withdrawal_reported_by', ['subject', 'guardian', 'centre', 'other'])}),
      withdrawal_reason_enc text,
      lapse_announced_at timestamptz,
      CHECK ((given_by = 'guardian') = (guardian_subject_id IS NOT NULL) AND (guardian_subject_id IS NULL) = (guardian_person_id IS NULL)),
      CHECK (minor_view IS NULL OR given_by = 'guardian'),
      CHECK (any_centre = (cardinality(centre_ids) = 0)),
      CHECK (expires_at IS NULL OR expires_at > recorded_at),
      CHECK ((withdrawn_at IS NULL) = (withdrawal_recorded_by IS NULL) AND (withdrawn_at IS NULL) = (withdrawal_reported_by IS NULL)
        AND (withdrawn_at IS NULL) = (withdrawal_reason_enc IS NULL))
    )`);
    await q(`CREATE INDEX consent_record_case_idx ON consent_record (case_id, recorded_at)`);
    await q(`CREATE INDEX consent_record_lapse_idx ON consent_record (expires_at) WHERE lapse_announced_at IS NULL AND expires_at IS NOT NULL`);
    await makeLedger(queryRunner, 'consent_record', {
      setOnce: [
        { leader: 'withdrawn_at', columns: ['withdrawn_at', 'withdrawal_recorded_by', 'withdrawal_reported_by', 'withdrawal_reason_enc'] },
        { leader: 'lapse_announced_at', columns: ['lapse_announced_at'] },
      ],
      free: [],
    });

    await q(`CREATE TABLE legal_basis (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES case_file(id),
      basis text NOT NULL CHECK (${oneOf('basis', ['child_at_risk', 'imminent_danger_to_life', 'court_order'])}),
      justification_enc text NOT NULL,
      subject_ids uuid[] NOT NULL CHECK (cardinality(subject_ids) >= 1),
      person_ids uuid[] NOT NULL CHECK (cardinality(person_ids) = cardinality(subject_ids)),
      data_categories text[] NOT NULL CHECK (${subsetOf('data_categories', DATA_CATEGORIES)}),
      expires_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (${oneOf('status', ['pending', 'approved', 'rejected'])}),
      requested_by uuid NOT NULL REFERENCES app_user(id),
      requested_at timestamptz NOT NULL,
      decided_by uuid REFERENCES app_user(id),
      decided_at timestamptz,
      rejection_reason_enc text,
      lapse_announced_at timestamptz,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1,
      CHECK (expires_at > requested_at),
      CHECK ((status = 'pending') = (decided_by IS NULL) AND (decided_by IS NULL) = (decided_at IS NULL)),
      CHECK ((status = 'rejected') = (rejection_reason_enc IS NOT NULL)),
      CHECK (decided_by IS DISTINCT FROM requested_by)
    )`);
    await q(`CREATE INDEX legal_basis_case_idx ON legal_basis (case_id, requested_at)`);
    await q(`CREATE INDEX legal_basis_pending_idx ON legal_basis (requested_at) WHERE status = 'pending'`);
    await createHistoryTable(queryRunner, 'legal_basis');
    await makeLedger(queryRunner, 'legal_basis', {
      setOnce: [
        { leader: 'decided_by', columns: ['status', 'decided_by', 'decided_at', 'rejection_reason_enc'] },
        { leader: 'lapse_announced_at', columns: ['lapse_announced_at'] },
      ],
      free: ['updated_at', 'version'],
    });

    for (const table of ['consent_record', 'legal_basis']) await enableRowLevelSecurity(queryRunner, table);
    // The api's policies are the api's only: a policy that applies to a role makes it read the tables the
    // policy joins (case_file), which the worker may not.
    const api = runtimeRoleNames(['api']);
    await q(`CREATE POLICY consent_read ON consent_record FOR SELECT TO ${api} USING (${hasPermission('consent.read')} AND ${CASE_VISIBLE('case_id')})`);
    await q(`CREATE POLICY consent_insert ON consent_record FOR INSERT TO ${api}
      WITH CHECK (${hasPermission('consent.record')} AND recorded_by = app.current_user_id() AND ${CASE_VISIBLE('case_id')})`);
    await q(`CREATE POLICY consent_withdraw ON consent_record FOR UPDATE TO ${api} USING (${hasPermission('consent.withdraw')} AND ${CASE_VISIBLE('case_id')})
      WITH CHECK (${CASE_VISIBLE('case_id')})`);
    await q(`CREATE POLICY legal_basis_read ON legal_basis FOR SELECT TO ${api} USING (${hasPermission('legal_basis.read')} AND ${CASE_VISIBLE('case_id')})`);
    await q(`CREATE POLICY legal_basis_insert ON legal_basis FOR INSERT TO ${api}
      WITH CHECK (${hasPermission('legal_basis.request')} AND requested_by = app.current_user_id() AND ${CASE_VISIBLE('case_id')})`);
    await q(`CREATE POLICY legal_basis_decide ON legal_basis FOR UPDATE TO ${api} USING (${hasPermission('legal_basis.decide')} AND ${CASE_VISIBLE('case_id')})
      WITH CHECK (decided_by = app.current_user_id() AND ${CASE_VISIBLE('case_id')})`);
    const basisVisible = `EXISTS (SELECT 1 FROM legal_basis b WHERE b.id = record_id)`;
    await q(`CREATE POLICY legal_basis_history_read ON legal_basis_history FOR SELECT TO ${api} USING (${basisVisible})`);
    await q(`CREATE POLICY legal_basis_history_insert ON legal_basis_history FOR INSERT TO ${api} WITH CHECK (${basisVisible})`);
    await this.letWorkerAnnounceLapses(queryRunner);
    await grantTo(queryRunner, ['api'], 'SELECT, INSERT, UPDATE', ['consent_record', 'legal_basis']);
    await grantTo(queryRunner, ['api'], 'SELECT, INSERT', ['legal_basis_history']);
    await q(`GRANT USAGE ON SEQUENCE legal_basis_history_id_seq TO ${runtimeRoleNames(['api'])}`);
  }

  /**
   * Expiry has no transaction of its own: the worker (the system actor) finds what has lapsed, marks it
   * announced once and publishes the ledger's event. It reads only the columns that needs (no content,
   * no ciphertext), through column grants, and writes only the announcement.
   */
  private async letWorkerAnnounceLapses(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    const worker = runtimeRoleNames(['worker']);
    const announcing = hasPermission('consent.announce_lapses');
    await q(`GRANT SELECT (id, case_id, person_id, given_by, expires_at, withdrawn_at, supersedes_id, lapse_announced_at), UPDATE (lapse_announced_at)
      ON consent_record TO ${worker}`);
    await q(`GRANT SELECT (id, case_id, status, expires_at, lapse_announced_at), UPDATE (lapse_announced_at) ON legal_basis TO ${worker}`);
    await q(`GRANT SELECT (id, birth_date, stated_age, age_stated_on) ON person TO ${worker}`);
    for (const table of ['consent_record', 'legal_basis']) {
      await q(`CREATE POLICY ${table}_lapse_read ON ${table} FOR SELECT TO ${worker} USING (${announcing})`);
      await q(`CREATE POLICY ${table}_lapse_announce ON ${table} FOR UPDATE TO ${worker} USING (${announcing}) WITH CHECK (${announcing})`);
    }
    await q(`CREATE POLICY person_age_for_lapses ON person FOR SELECT TO ${worker} USING (${announcing})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY person_age_for_lapses ON person`);
    await queryRunner.query(`REVOKE ALL ON person FROM ${runtimeRoleNames(['worker'])}`);
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP TABLE legal_basis_history`);
    await q(`DROP TABLE legal_basis`);
    await q(`DROP TABLE consent_record`);
    for (const table of ['consent_record', 'legal_basis']) await q(`DROP FUNCTION app.${table}_is_a_ledger()`);
  }
}
