import { TestDatabase } from '@app/testing';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { signInAs } from '../support/identity-fixtures';
import { inScopedTransaction } from '../support/scoped-client';
import { newCase, someone } from './fixtures';

/**
 * Review of the cases migration's row-level security, below HTTP: what a runtime `api` connection with
 * a desk officer's or supervisor's scope may write. RLS is the second wall (README: "the access service
 * and row-level security both enforce it"), so it must not allow what the access service forbids.
 * Tests marked (held) pass today.
 */
describe('review: row-level security of cases, subjects and persons (real PostgreSQL)', () => {
  let system: DemoApi;
  let database: TestDatabase;
  let units: Record<string, string>;
  let users: Record<string, string>;
  let officersCase: string;
  let assignedToOfficer2: string;
  let wakraPerson: string;
  let officersPerson: string;

  const as = (username: string, role: string, unit: string) => ({ userId: users[username], unitId: units[unit], roles: [role] });
  const officer2 = () => as('officer2', 'desk_officer', 'CPD-RAYYAN');
  const officer = () => as('officer', 'desk_officer', 'CPD-RAYYAN');
  const supervisor = () => as('supervisor', 'supervisor', 'CPD-RAYYAN');

  beforeAll(async () => {
    system = await startDemoApi();
    ({ database, unitIds: units, userIds: users } = system);
    const officer = await signInAs(system.api, system.demo.officer);
    const supervisorSession = await signInAs(system.api, system.demo.supervisor);
    const wakra = await signInAs(system.api, system.demo['officer.wakra']);
    const created = (
      await officer.post('/api/v1/cases', newCase({ title: 'Officer one only', narrative: null, subjects: [someone('Saad Mubarak')] })).expect(201)
    ).body;
    officersCase = created.id;
    officersPerson = created.subjects[0].personId;
    assignedToOfficer2 = (
      await supervisorSession
        .post(
          '/api/v1/cases',
          newCase({ title: 'Given to officer two', narrative: null, subjects: [someone('Fahad Jaber')], assignedOfficerId: users.officer2 }),
        )
        .expect(201)
    ).body.id;
    wakraPerson = (await wakra.post('/api/v1/persons', { nameLatin: 'Wakra Resident', sex: 'male' }).expect(201)).body.id;
  });
  afterAll(() => system?.stop());

  it('(held) a supervisor cannot move a case to another unit (the owner trigger refuses it)', async () => {
    await expect(
      inScopedTransaction(database, 'api', supervisor(), (client) =>
        client.query('UPDATE case_file SET owning_unit_id = $2 WHERE id = $1', [officersCase, units['CPD-WAKRA']]),
      ),
    ).rejects.toThrow(/owning unit/);
  });

  it('(held) a desk officer reads and updates nothing of another officer’s case', async () => {
    const result = await inScopedTransaction(database, 'api', officer2(), async (client) => ({
      read: (await client.query('SELECT id FROM case_file WHERE id = $1', [officersCase])).rowCount,
      subjects: (await client.query('SELECT id FROM case_subject WHERE case_id = $1', [officersCase])).rowCount,
      updated: (await client.query(`UPDATE case_file SET urgency = 'low' WHERE id = $1`, [officersCase])).rowCount,
    }));
    expect(result).toEqual({ read: 0, subjects: 0, updated: 0 });
  });

  it('(held) a desk officer assigned to a case (not its creator) cannot UPDATE it out of their own scope (reassign it away)', async () => {
    const outcome = await inScopedTransaction(database, 'api', officer2(), async (client) => {
      try {
        const updated = await client.query('UPDATE case_file SET assigned_officer_id = $2 WHERE id = $1', [assignedToOfficer2, users.officer]);
        return `updated ${updated.rowCount}`;
      } catch (error) {
        return `refused ${(error as { code?: string }).code}`;
      }
    });
    // Only supervisors reassign (case.reassign); the policy's WITH CHECK keeps only the unit.
    expect(outcome).not.toBe('updated 1');
    const [row] = await database.asSuperuser<{ assigned_officer_id: string }>('SELECT assigned_officer_id FROM case_file WHERE id = $1', [assignedToOfficer2]);
    expect(row.assigned_officer_id).toBe(users.officer2);
  });

  it('a subject row cannot link another unit’s person to a case (case_subject insert policy checks only the case)', async () => {
    const outcome = await inScopedTransaction(database, 'api', officer(), async (client) => {
      try {
        const inserted = await client.query(`INSERT INTO case_subject (case_id, person_id, role, added_by, added_at) VALUES ($1, $2, 'witness', $3, now())`, [
          officersCase,
          wakraPerson,
          users.officer,
        ]);
        return `inserted ${inserted.rowCount}`;
      } catch (error) {
        return `refused ${(error as { code?: string }).code}`;
      }
    });
    expect(outcome).not.toBe('inserted 1');
  });

  it('a desk officer cannot UPDATE a person they neither recorded nor read through a case (person_update is unit-wide)', async () => {
    const outcome = await inScopedTransaction(database, 'api', officer2(), async (client) => {
      const updated = await client.query(`UPDATE person SET safe_to_call = true, address_enc = NULL WHERE id = $1`, [officersPerson]);
      return updated.rowCount;
    });
    expect(outcome).toBe(0);
  });
});
