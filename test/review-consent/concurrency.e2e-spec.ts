import { consentBody, FamilyCase, Harness, MINUTE, openFamilyCase, startHarness } from './fixture';

const ROUNDS = 6;

/** Two changes of one record at once: exactly one wins, the other is a 409 (never a 500), and the ledger stays consistent. */
describe('hostile consent: concurrency', () => {
  let h: Harness;
  let family: FamilyCase;
  const later = (minutes: number) => new Date(h.api.clock.now().getTime() + minutes * MINUTE).toISOString();
  const newConsent = async () => (await h.as.officer.post(`/api/v1/cases/${family.id}/consents`, consentBody(family.mother)).expect(201)).body.id as string;
  const newBasis = async () =>
    (
      await h.as.officer
        .post(`/api/v1/cases/${family.id}/legal-bases`, {
          basis: 'child_at_risk',
          justification: 'A justification',
          subjectIds: [family.child],
          dataCategories: ['identity'],
          expiresAt: later(600),
        })
        .expect(201)
    ).body.id as string;
  const withdraw = (id: string, who = 'officer') => h.as[who].post(`/api/v1/consents/${id}/withdrawal`, { reportedBy: 'subject', reason: 'changed her mind' });
  const supersede = (id: string, who = 'officer') =>
    h.as[who].post(`/api/v1/cases/${family.id}/consents`, consentBody(family.mother, { supersedes: id, dataCategories: ['identity'] }));
  const ledgerOf = async (id: string) =>
    (
      await h.database.asSuperuser<{ withdrawn: boolean; successors: number }>(
        `SELECT withdrawn_at IS NOT NULL AS withdrawn, (SELECT count(*)::int FROM consent_record n WHERE n.supersedes_id = r.id) AS successors
           FROM consent_record r WHERE r.id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    h = await startHarness(['officer', 'supervisor', 'supervisor2']);
    family = await openFamilyCase(h.as.officer);
  });
  afterAll(async () => {
    await h?.system.stop();
  });

  it('two withdrawals of one record at once: one 200, one 409 CONSENT_NOT_CURRENT; withdrawn once', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = await newConsent();
      const answers = await Promise.all([withdraw(id), withdraw(id, 'supervisor')]);
      expect(answers.map((r) => [r.status, r.body.code]).sort()).toEqual([
        [200, undefined],
        [409, 'CONSENT_NOT_CURRENT'],
      ]);
      expect(await ledgerOf(id)).toEqual({ withdrawn: true, successors: 0 });
    }
  });

  it('a withdrawal racing a superseding change: exactly one wins; never withdrawn and superseded both', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = await newConsent();
      const [withdrawal, change] = await Promise.all([withdraw(id), supersede(id, 'supervisor')]);
      const outcome = [withdrawal.status, change.status];
      expect([
        [200, 409],
        [409, 201],
      ]).toContainEqual(outcome);
      const loser = withdrawal.status === 409 ? withdrawal : change;
      expect(loser.body.code).toBe('CONSENT_NOT_CURRENT');
      const ledger = await ledgerOf(id);
      expect(ledger).toEqual(withdrawal.status === 200 ? { withdrawn: true, successors: 0 } : { withdrawn: false, successors: 1 });
    }
  });

  it('two superseding changes of one record at once: one 201, one 409; exactly one successor', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = await newConsent();
      const answers = await Promise.all([supersede(id), supersede(id, 'supervisor')]);
      expect(answers.map((r) => [r.status, r.body.code ?? null]).sort()).toEqual([
        [201, null],
        [409, 'CONSENT_NOT_CURRENT'],
      ]);
      expect(await ledgerOf(id)).toEqual({ withdrawn: false, successors: 1 });
    }
  });

  it('the same Idempotency-Key sent twice at once: both answer the one record', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const before = (await h.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM consent_record'))[0].n;
      const body = consentBody(family.mother, { dataCategories: ['address'] });
      const key = `hostile-race-key-${round}`;
      const answers = await Promise.all([
        h.as.officer.post(`/api/v1/cases/${family.id}/consents`, body).set('Idempotency-Key', key),
        h.as.officer.post(`/api/v1/cases/${family.id}/consents`, body).set('Idempotency-Key', key),
      ]);
      expect(answers.map((r) => r.status)).toEqual([201, 201]);
      expect(answers[0].body.id).toBe(answers[1].body.id);
      expect((await h.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM consent_record'))[0].n).toBe(before + 1);
    }
  });

  it('approval racing rejection by two supervisors: one 200, one 409; decided once, one history row', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = await newBasis();
      const [approval, rejection] = await Promise.all([
        h.as.supervisor.post(`/api/v1/legal-bases/${id}/approval`, { version: 1 }),
        h.as.supervisor2.post(`/api/v1/legal-bases/${id}/rejection`, { version: 1, reason: 'not convinced' }),
      ]);
      expect([
        [200, 409],
        [409, 200],
      ]).toContainEqual([approval.status, rejection.status]);
      const loser = approval.status === 409 ? approval : rejection;
      expect(['STALE_VERSION', 'TRANSITION_NOT_ALLOWED']).toContain(loser.body.code);
      const [row] = await h.database.asSuperuser<{ status: string; decided_by: string; reason: boolean; history: number }>(
        `SELECT status, decided_by, rejection_reason_enc IS NOT NULL AS reason,
                (SELECT count(*)::int FROM legal_basis_history WHERE record_id = b.id) AS history FROM legal_basis b WHERE id = $1`,
        [id],
      );
      const winner = approval.status === 200 ? 'approved' : 'rejected';
      expect(row).toEqual({
        status: winner,
        decided_by: winner === 'approved' ? h.system.userIds.supervisor : h.system.userIds.supervisor2,
        reason: winner === 'rejected',
        history: 1,
      });
    }
  });

  it('two approvals at once: one 200, one 409', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = await newBasis();
      const answers = await Promise.all([
        h.as.supervisor.post(`/api/v1/legal-bases/${id}/approval`, { version: 1 }),
        h.as.supervisor2.post(`/api/v1/legal-bases/${id}/approval`, { version: 1 }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    }
  });

  it('no race above ended in a 500', () => {
    expect(h.logs.text()).not.toMatch(/"statusCode":500/);
  });
});
