import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { seedDemoIdentity } from '../support/identity-fixtures';
import { inScopedTransaction } from '../support/scoped-client';

/**
 * The ledgers hold in PostgreSQL itself, below the service: as the api's runtime role (with a
 * supervisor's scope, so row-level security lets the rows through) no content column changes, nothing
 * is deleted, a withdrawal or decision is written once; only the owner, under the re-encryption
 * setting, rewrites ciphertext.
 */
describe('consent and legal-basis ledgers against direct SQL (real PostgreSQL)', () => {
  let database: TestDatabase;
  let supervisor: { id: string; unit_id: string };
  let officerId: string;
  let consentId: string;
  let basisId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoIdentity(database);
    const users = await database.asSuperuser<{ username: string; id: string; unit_id: string }>(
      `SELECT username, id, unit_id FROM app_user WHERE username IN ('supervisor', 'officer')`,
    );
    supervisor = users.find((user) => user.username === 'supervisor')!;
    officerId = users.find((user) => user.username === 'officer')!.id;
    const [row] = await database.asSuperuser<{ consent: string; basis: string }>(
      `WITH p AS (INSERT INTO person (unit_id, recorded_by, name_latin, sex, created_at, updated_at) VALUES ($1, $2, 'Ledger Person', 'female', now(), now()) RETURNING id),
            c AS (INSERT INTO case_file (reference, owning_unit_id, category, urgency, intake_channel, title, created_by, assigned_officer_id, opened_at, created_at, updated_at)
                  VALUES ('CP-2026-900001', $1, 'other', 'low', 'walk_in', 'Ledger case', $2, $2, now(), now(), now()) RETURNING id),
            s AS (INSERT INTO case_subject (case_id, person_id, role, added_by, added_at) SELECT c.id, p.id, 'victim', $2, now() FROM c, p RETURNING id, case_id, person_id),
            r AS (INSERT INTO consent_record (case_id, subject_id, person_id, given_by, any_centre, services, data_categories, method, language, note_enc, recorded_by, recorded_at)
                  SELECT case_id, id, person_id, 'subject', true, '{protection}', '{identity}', 'verbal', 'ar', 'v1.k.ciphertext', $2, now() FROM s RETURNING id),
            b AS (INSERT INTO legal_basis (case_id, basis, justification_enc, subject_ids, person_ids, data_categories, expires_at, requested_by, requested_at, updated_at)
                  SELECT case_id, 'child_at_risk', 'v1.k.justification', ARRAY[id], ARRAY[person_id], '{identity}', now() + interval '1 day', $2, now(), now() FROM s RETURNING id)
       SELECT (SELECT id FROM r) AS consent, (SELECT id FROM b) AS basis`,
      [supervisor.unit_id, officerId],
    );
    ({ consent: consentId, basis: basisId } = row);
  });
  afterAll(() => database.drop());

  const asSupervisor = <T>(work: (client: Client) => Promise<T>) =>
    inScopedTransaction(database, 'api', { userId: supervisor.id, unitId: supervisor.unit_id, roles: ['supervisor'] }, work);
  const refusedAsApi = (sql: string, params: unknown[], message: RegExp) =>
    expect(asSupervisor((client) => client.query(sql, params))).rejects.toThrow(message);

  it('the api role sees the rows (so what follows is the trigger, not row-level security)', async () => {
    const visible = await asSupervisor(async (client) => (await client.query('SELECT id FROM consent_record UNION ALL SELECT id FROM legal_basis')).rowCount);
    expect(visible).toBe(2);
  });

  it.each([
    ['the scope of a consent', `UPDATE consent_record SET services = '{protection,mediation}' WHERE id = $1`, /never edited/],
    ['who gave it', `UPDATE consent_record SET given_by = 'guardian' WHERE id = $1`, /never edited|check constraint/],
    ['its expiry', `UPDATE consent_record SET expires_at = now() + interval '10 years' WHERE id = $1`, /never edited/],
    ['its note (ciphertext)', `UPDATE consent_record SET note_enc = 'v1.k.other' WHERE id = $1`, /never rewritten/],
    ['a delete (no grant)', `DELETE FROM consent_record WHERE id = $1`, /permission denied/],
  ])('refuses %s as the api role', async (_name, sql, message) => {
    await refusedAsApi(sql, [consentId], message);
  });

  it('DELETE and TRUNCATE are refused to the owner too (the api role has no grant for them)', async () => {
    await expect(database.as('owner', 'DELETE FROM consent_record WHERE id = $1', [consentId])).rejects.toThrow(/never deleted/);
    await expect(database.as('owner', 'DELETE FROM legal_basis WHERE id = $1', [basisId])).rejects.toThrow(/never deleted/);
    await expect(database.as('api', 'TRUNCATE consent_record')).rejects.toThrow(/permission denied/);
    await expect(database.as('owner', 'TRUNCATE consent_record CASCADE')).rejects.toThrow(/never deleted/);
  });

  it('a withdrawal is written once; a second one is refused', async () => {
    const withdraw = (at: string) =>
      asSupervisor((client) =>
        client.query(
          `UPDATE consent_record SET withdrawn_at = $2, withdrawal_recorded_by = $3, withdrawal_reported_by = 'subject', withdrawal_reason_enc = 'v1.k.reason' WHERE id = $1`,
          [consentId, at, supervisor.id],
        ),
      );
    expect((await withdraw('2026-12-01T10:00:00Z')).rowCount).toBe(1);
    await expect(withdraw('2026-12-02T10:00:00Z')).rejects.toThrow(/set once/);
    await refusedAsApi(`UPDATE consent_record SET withdrawal_reason_enc = 'v1.k.changed' WHERE id = $1`, [consentId], /never rewritten/);
  });

  it('ciphertext is rewritten only by the owner under the re-encryption setting, and content never', async () => {
    const owner = await database.connect('owner');
    try {
      await owner.query('BEGIN');
      await expect(owner.query(`UPDATE consent_record SET note_enc = 'v2.k.new' WHERE id = $1`, [consentId])).rejects.toThrow(/never rewritten/);
      await owner.query('ROLLBACK');
      await owner.query('BEGIN');
      await owner.query(`SELECT set_config('app.reencrypting', 'on', true)`);
      expect(
        (await owner.query(`UPDATE consent_record SET note_enc = 'v2.k.new', withdrawal_reason_enc = 'v2.k.reason' WHERE id = $1`, [consentId])).rowCount,
      ).toBe(1);
      await expect(owner.query(`UPDATE consent_record SET method = 'written' WHERE id = $1`, [consentId])).rejects.toThrow(/never edited/);
      await owner.query('ROLLBACK');
    } finally {
      await owner.end();
    }
    // The setting means nothing to anyone but the owner.
    await expect(
      asSupervisor(async (client) => {
        await client.query(`SELECT set_config('app.reencrypting', 'on', true)`);
        return client.query(`UPDATE consent_record SET note_enc = 'v2.k.api' WHERE id = $1`, [consentId]);
      }),
    ).rejects.toThrow(/never rewritten/);
  });

  it('a legal basis: its content is fixed, its decision is made once and never by the requester', async () => {
    await refusedAsApi(`UPDATE legal_basis SET basis = 'court_order' WHERE id = $1`, [basisId], /never edited/);
    await refusedAsApi(`UPDATE legal_basis SET justification_enc = 'v1.k.other' WHERE id = $1`, [basisId], /never rewritten/);
    await refusedAsApi(`UPDATE legal_basis SET expires_at = expires_at + interval '1 year' WHERE id = $1`, [basisId], /never edited/);
    await refusedAsApi(`DELETE FROM legal_basis WHERE id = $1`, [basisId], /permission denied/);
    const decide = (status: string) =>
      asSupervisor((client) =>
        client.query(`UPDATE legal_basis SET status = $2, decided_by = $3, decided_at = now(), version = version + 1 WHERE id = $1`, [
          basisId,
          status,
          supervisor.id,
        ]),
      );
    expect((await decide('approved')).rowCount).toBe(1);
    await expect(decide('pending')).rejects.toThrow(/set once/);
    await refusedAsApi(`UPDATE legal_basis SET status = 'rejected', rejection_reason_enc = 'v1.k.no' WHERE id = $1`, [basisId], /set once|never rewritten/);
  });
});
