import { DemoApi, startDemoApi } from '../support/demo-api';
import { consentBody, FamilyCase, openFamilyCase } from '../support/family-case';
import { signInAs, SignedIn } from '../support/identity-fixtures';
import { amanReferral, familyReadyForAman, sendToAman } from '../support/referral-fixtures';

describe('referrals: sending, the centre’s queue, acceptance and the closed loop', () => {
  let system: DemoApi;
  let officer: SignedIn;
  let supervisor: SignedIn;
  let counsellor: SignedIn;
  let counsellor2: SignedIn;
  let manager: SignedIn;
  let wifaq: SignedIn;

  /** Fresh sessions at the clock's time (a jump past the 30-minute idle timeout ends the old ones). */
  const signInEveryone = async () => {
    officer = await signInAs(system.api, system.demo.officer);
    supervisor = await signInAs(system.api, system.demo.supervisor);
    counsellor = await signInAs(system.api, system.demo.counsellor);
    counsellor2 = await signInAs(system.api, system.demo.counsellor2);
    manager = await signInAs(system.api, system.demo.manager);
    wifaq = await signInAs(system.api, system.demo['wifaq.counsellor']);
  };
  beforeAll(async () => {
    system = await startDemoApi();
    await signInEveryone();
  });
  afterAll(() => system?.stop());

  const outboxOf = (recordId: string) =>
    system.database.asSuperuser<{ event: string; audiences: string[] }>(`SELECT event, audiences FROM outbox WHERE record_id = $1 ORDER BY created_at, event`, [
      recordId,
    ]);
  const caseStatus = async (caseId: string) => (await officer.get(`/api/v1/cases/${caseId}`).expect(200)).body.status;

  describe('sending', () => {
    let family: FamilyCase;
    beforeAll(async () => {
      family = await familyReadyForAman(officer);
    });

    it('sends with an RF- reference, a deadline in the centre’s office hours, the case referred, its trail and outbox row', async () => {
      system.clock.set(new Date('2026-12-01T09:00:00Z'));
      officer = await signInAs(system.api, system.demo.officer); // no second factor: the clock stays put
      const sent = await sendToAman(system, officer, family);
      await signInEveryone();
      expect(sent.reference).toMatch(/^RF-2026-\d{6}$/);
      expect(sent.status).toBe('pending');
      // Sent Tuesday 12:00 in Doha; 24 office hours of 07:00–14:00, Sunday to Thursday (2 + 7 + 7 + 7 + 1): Monday 08:00 (05:00Z).
      expect(sent.deadlineAt).toBe('2026-12-07T05:00:00.000Z');
      expect(await caseStatus(family.id)).toBe('referred');
      expect(await outboxOf(sent.id)).toEqual([{ event: 'referral.sent', audiences: ['centre_office'] }]);
      const [event] = await system.database.asSuperuser<{ case_id: string; detail: Record<string, unknown> }>(
        `SELECT case_id, detail FROM audit_event WHERE action = 'referral.sent' AND object_id = $1`,
        [sent.id],
      );
      expect(event.case_id).toBe(family.id);
      expect(JSON.stringify(event.detail)).not.toMatch(/protection and counselling|Mariam|455123456/);
    });

    it('a second active referral of the case to the same centre is a 409', async () => {
      const second = await officer.post(`/api/v1/cases/${family.id}/referrals`, amanReferral(system, family)).expect(409);
      expect(second.body.code).toBe('REFERRAL_ALREADY_ACTIVE');
    });

    it('refuses what consent does not cover, naming the subject’s field and the reasons', async () => {
      const other = await familyReadyForAman(officer, { title: 'Second family, uncovered address' });
      const refused = await officer
        .post(
          `/api/v1/cases/${other.id}/referrals`,
          amanReferral(system, other, { shared: [{ subjectId: other.mother, fields: ['nameLatin', 'address'] }], clientSubjectIds: [other.mother] }),
        )
        .expect(422);
      expect(refused.body.code).toBe('SHARING_NOT_ALLOWED');
      expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'shared.0.fields', code: 'OUT_OF_SCOPE_DATA' })]);
      expect(await caseStatus(other.id)).toBe('open');
      const services = await officer.post(`/api/v1/cases/${other.id}/referrals`, amanReferral(system, other, { services: ['mediation'] })).expect(422);
      expect(services.body).toMatchObject({ code: 'SERVICE_NOT_OFFERED', fields: [{ field: 'services.0' }] });
      const clients = await officer.post(`/api/v1/cases/${other.id}/referrals`, amanReferral(system, other, { clientSubjectIds: [other.father] })).expect(422);
      expect(clients.body).toMatchObject({ code: 'CLIENT_NOT_SHARED', fields: [{ field: 'clientSubjectIds.0' }] });
    });

    it('party-aware separation: a referral about the father never carries the mother’s phone, whatever consent says', async () => {
      const other = await openFamilyCase(officer, { title: 'Separation family' });
      await officer
        .post(
          `/api/v1/cases/${other.id}/consents`,
          consentBody(other.mother, { services: ['family_counselling'], dataCategories: ['identity', 'contact', 'address'] }),
        )
        .expect(201);
      await officer
        .post(`/api/v1/cases/${other.id}/consents`, consentBody(other.father, { services: ['family_counselling'], dataCategories: ['identity', 'address'] }))
        .expect(201);
      const body = {
        centreId: system.unitIds['WIFAQ-CPD'],
        clientSubjectIds: [other.father],
        services: ['family_counselling'],
        urgency: 'medium',
        reason: 'Counselling for the father',
        shared: [
          { subjectId: other.father, fields: ['nameLatin', 'address'] },
          { subjectId: other.mother, fields: ['nameLatin', 'phones'] },
        ],
      };
      const refused = await officer.post(`/api/v1/cases/${other.id}/referrals`, body).expect(422);
      expect(refused.body).toMatchObject({ code: 'PARTY_SEPARATION', fields: [{ field: 'shared.1.fields', code: 'PROTECTED_PARTY_CONTACT' }] });
      // The mother's address to a centre serving the father is refused too, under its own rule.
      const location = await officer
        .post(`/api/v1/cases/${other.id}/referrals`, { ...body, shared: [body.shared[0], { subjectId: other.mother, fields: ['address'] }] })
        .expect(422);
      expect(location.body.fields).toEqual([expect.objectContaining({ code: 'PROTECTED_PARTY_CONTACT' })]);
      // A referral of the mother that would carry the father's address: the other party's location.
      const reverse = await officer
        .post(`/api/v1/cases/${other.id}/referrals`, {
          ...body,
          clientSubjectIds: [other.mother],
          shared: [
            { subjectId: other.mother, fields: ['nameLatin'] },
            { subjectId: other.father, fields: ['nameLatin', 'address'] },
          ],
        })
        .expect(422);
      expect(reverse.body.fields).toEqual([expect.objectContaining({ field: 'shared.1.fields', code: 'OTHER_PARTY_LOCATION' })]);
      // Without the protected party's contact it goes.
      await officer
        .post(`/api/v1/cases/${other.id}/referrals`, { ...body, shared: [body.shared[0], { subjectId: other.mother, fields: ['nameLatin'] }] })
        .expect(201);
    });

    it('suggests centres that accept the case’s category, ranked by the services wanted', async () => {
      const suggested = await officer.post('/api/v1/referrals/centre-suggestions', { caseId: family.id, services: ['protection'] }).expect(200);
      expect(suggested.body.items[0]).toMatchObject({
        centreId: system.unitIds['AMAN-CPD'],
        acceptsCategory: true,
        matchingServices: ['protection'],
        alreadyReferred: true,
      });
      expect(suggested.body.items.map((item: { centreId: string }) => item.centreId)).toContain(system.unitIds['WIFAQ-CPD']);
    });
  });

  describe('the centre’s side', () => {
    let family: FamilyCase;
    let referral: { id: string; reference: string };
    beforeAll(async () => {
      family = await familyReadyForAman(officer, { title: 'Queue and acceptance family' });
      referral = await sendToAman(system, officer, family);
    });

    it('the queue shows a summary without names, contacts or the case; Wifaq never sees it', async () => {
      const queue = await counsellor.get('/api/v1/referrals/queue').expect(200);
      const item = queue.body.items.find((entry: { id: string }) => entry.id === referral.id);
      expect(item).toMatchObject({ reference: referral.reference, category: 'domestic_violence', urgency: 'high', caseId: null, deadlineState: 'on_track' });
      expect(item.subjects).toEqual(
        expect.arrayContaining([
          { subjectId: family.mother, role: 'victim', client: true, ageBand: '30-44', sex: 'female' },
          { subjectId: family.child, role: 'child', client: true, ageBand: '6-11', sex: 'female' },
        ]),
      );
      expect(JSON.stringify(queue.body)).not.toMatch(/Mariam|Lina|455123456|Villa 12|sister/);
      const detail = await counsellor.get(`/api/v1/referrals/${referral.id}`).expect(200);
      expect(detail.body.shared).toBeNull();
      expect(detail.body.allowedActions).toEqual(['accept', 'decline']);
      const other = await wifaq.get('/api/v1/referrals/queue').expect(200);
      expect(other.body.items.map((entry: { id: string }) => entry.id)).not.toContain(referral.id);
      await wifaq.get(`/api/v1/referrals/${referral.id}`).expect(404);
    });

    it('one accept wins; the colleague is told it was accepted first; the holder sees the shared fields masked, then revealed', async () => {
      const accepted = await counsellor.post(`/api/v1/referrals/${referral.id}/accept`).expect(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', holderName: 'Aman Counsellor (demo)' });
      const late = await counsellor2.post(`/api/v1/referrals/${referral.id}/accept`).expect(409);
      expect(late.body).toMatchObject({ code: 'REFERRAL_ALREADY_ACCEPTED', currentState: 'accepted' });
      // The colleague keeps the summary only.
      expect((await counsellor2.get(`/api/v1/referrals/${referral.id}`).expect(200)).body.shared).toBeNull();
      await counsellor2.post(`/api/v1/referrals/${referral.id}/reveal`, { fields: ['phones'] }).expect(404);
      const mine = await counsellor.get(`/api/v1/referrals/${referral.id}`).expect(200);
      const mother = mine.body.shared.subjects.find((subject: { subjectId: string }) => subject.subjectId === family.mother);
      expect(mother).toMatchObject({ nameLatin: 'Mariam Nasser', phones: [{ present: true, masked: '•••• 3456' }], safeContact: { callSafe: false } });
      expect(mother.address).toEqual({ present: false, masked: null });
      const revealed = await counsellor.post(`/api/v1/referrals/${referral.id}/reveal`, { fields: ['phones', 'safeContactNote'] }).expect(200);
      expect(revealed.body.subjects).toEqual(
        expect.arrayContaining([{ subjectId: family.mother, phones: ['+97455123456'], safeContactNote: 'Message her sister first' }]),
      );
      // The manager reads it too.
      expect((await manager.get(`/api/v1/referrals/${referral.id}`).expect(200)).body.shared.subjects).toHaveLength(2);
      expect(await outboxOf(referral.id)).toEqual(
        expect.arrayContaining([{ event: 'referral.accepted', audiences: ['assigned_officer', 'unit_supervisors'] }]),
      );
    });

    it('police see status and the holder’s name, never the shared values or the centre’s notes', async () => {
      await counsellor.post(`/api/v1/referrals/${referral.id}/notes`, { text: 'First session booked; client anxious' }).expect(201);
      const seen = await officer.get(`/api/v1/referrals/${referral.id}`).expect(200);
      expect(seen.body).toMatchObject({ status: 'accepted', holderName: 'Aman Counsellor (demo)', shared: null, caseId: family.id });
      await officer.get(`/api/v1/referrals/${referral.id}/notes`).expect(403);
      await supervisor.get(`/api/v1/referrals/${referral.id}/notes`).expect(403);
      const listed = await officer.get(`/api/v1/cases/${family.id}/referrals`).expect(200);
      expect(listed.body.items).toEqual([expect.objectContaining({ id: referral.id, status: 'accepted' })]);
      expect(JSON.stringify(listed.body)).not.toMatch(/session booked/);
      // Notes: the holder and the manager, not a colleague.
      await counsellor2.get(`/api/v1/referrals/${referral.id}/notes`).expect(404);
      const notes = await manager.get(`/api/v1/referrals/${referral.id}/notes`).expect(200);
      expect(notes.body.items).toEqual([expect.objectContaining({ authorName: 'Aman Counsellor (demo)', text: 'First session booked; client anxious' })]);
      const [stored] = await system.database.asSuperuser<{ body_enc: string }>('SELECT body_enc FROM referral_note WHERE referral_id = $1', [referral.id]);
      expect(stored.body_enc).not.toMatch(/session/);
    });

    it('service moves the case; completion keeps the centre’s access; anything else is a 409 naming the state', async () => {
      await counsellor2.post(`/api/v1/referrals/${referral.id}/start`).expect(403);
      await counsellor.post(`/api/v1/referrals/${referral.id}/start`).expect(200);
      expect(await caseStatus(family.id)).toBe('in_service');
      const again = await counsellor.post(`/api/v1/referrals/${referral.id}/accept`).expect(409);
      expect(again.body.code).toBe('REFERRAL_ALREADY_ACCEPTED');
      const wrong = await counsellor.post(`/api/v1/referrals/${referral.id}/start`).expect(409);
      expect(wrong.body).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', currentState: 'in_service' });
      await counsellor.post(`/api/v1/referrals/${referral.id}/complete`, { outcome: 'resolved', summary: 'Safety plan in place' }).expect(200);
      expect(await caseStatus(family.id)).toBe('open');
      const kept = await counsellor.get(`/api/v1/referrals/${referral.id}`).expect(200);
      expect(kept.body).toMatchObject({ status: 'completed', outcome: 'resolved', allowedActions: [] });
      expect((await counsellor.get(`/api/v1/referrals/${referral.id}/notes`).expect(200)).body.items).toHaveLength(1);
      expect((await officer.get(`/api/v1/referrals/${referral.id}`).expect(200)).body).toMatchObject({ status: 'completed', outcome: 'resolved' });
      await officer.post(`/api/v1/referrals/${referral.id}/withdraw`, { reasonCode: 'other', reason: 'Too late to withdraw' }).expect(409);
    });

    it('after a decline the centre gets 404; the officer sees the reason code', async () => {
      const other = await familyReadyForAman(officer, { title: 'Declined family' });
      const sent = await sendToAman(system, officer, other);
      const declined = await counsellor
        .post(`/api/v1/referrals/${sent.id}/decline`, { reasonCode: 'no_capacity', reason: 'No counsellor free this week' })
        .expect(200);
      expect(declined.body.status).toBe('declined');
      await counsellor.get(`/api/v1/referrals/${sent.id}`).expect(404);
      await manager.get(`/api/v1/referrals/${sent.id}`).expect(404);
      expect((await officer.get(`/api/v1/referrals/${sent.id}`).expect(200)).body).toMatchObject({ status: 'declined', declineReason: 'no_capacity' });
      expect(await caseStatus(other.id)).toBe('open');
    });

    it('a manager assigns a pending referral (accepting it for the counsellor) and reassigns it; the old holder loses the fields', async () => {
      const other = await familyReadyForAman(officer, { title: 'Assigned family' });
      const sent = await sendToAman(system, officer, other);
      await counsellor.post(`/api/v1/referrals/${sent.id}/assign`, { assigneeId: system.userIds.counsellor2 }).expect(403);
      const wrong = await manager.post(`/api/v1/referrals/${sent.id}/assign`, { assigneeId: system.userIds['wifaq.counsellor'] }).expect(422);
      expect(wrong.body.code).toBe('ASSIGNEE_NOT_IN_CENTRE');
      await manager.post(`/api/v1/referrals/${sent.id}/assign`, { assigneeId: system.userIds.counsellor2 }).expect(200);
      expect((await counsellor2.get(`/api/v1/referrals/${sent.id}`).expect(200)).body).toMatchObject({
        status: 'accepted',
        holderName: 'Aman Counsellor 2 (demo)',
      });
      expect((await counsellor2.get(`/api/v1/referrals/${sent.id}`).expect(200)).body.shared).not.toBeNull();
      await manager.post(`/api/v1/referrals/${sent.id}/assign`, { assigneeId: system.userIds.counsellor }).expect(200);
      expect((await counsellor2.get(`/api/v1/referrals/${sent.id}`).expect(200)).body.shared).toBeNull();
      expect((await counsellor.get(`/api/v1/referrals/${sent.id}`).expect(200)).body.shared).not.toBeNull();
    });
  });

  describe('consent ends, access ends', () => {
    it('withdrawing the consent a referral relied on withdraws it in the same transaction; the centre gets 404', async () => {
      const family = await familyReadyForAman(officer, { title: 'Withdrawn consent family' });
      const sent = await sendToAman(system, officer, family);
      await counsellor.post(`/api/v1/referrals/${sent.id}/accept`).expect(200);
      const consents = await officer.get(`/api/v1/cases/${family.id}/consents`).expect(200);
      const mothers = consents.body.items.find((item: { subjectId: string }) => item.subjectId === family.mother);
      await officer.post(`/api/v1/consents/${mothers.id}/withdrawal`, { reportedBy: 'subject', reason: 'She no longer agrees to share' }).expect(200);
      expect((await officer.get(`/api/v1/referrals/${sent.id}`).expect(200)).body).toMatchObject({ status: 'withdrawn' });
      await counsellor.get(`/api/v1/referrals/${sent.id}`).expect(404);
      expect(await caseStatus(family.id)).toBe('open');
      const [history] = await system.database.asSuperuser<{ reason_code: string }>(
        `SELECT reason_code FROM referral_history WHERE record_id = $1 AND action = 'withdraw'`,
        [sent.id],
      );
      expect(history.reason_code).toBe('consent_withdrawn');
    });
  });

  describe('the referring unit', () => {
    it('withdraws with a reason; redirects only an overdue referral, to another centre, with a fresh consent check', async () => {
      const family = await familyReadyForAman(officer, { title: 'Redirect family' });
      const sent = await sendToAman(system, officer, family);
      await officer.post(`/api/v1/referrals/${sent.id}/redirect`, { centreId: system.unitIds['WIFAQ-CPD'] }).expect(403);
      const early = await supervisor.post(`/api/v1/referrals/${sent.id}/redirect`, { centreId: system.unitIds['WIFAQ-CPD'] }).expect(409);
      expect(early.body.code).toBe('REFERRAL_NOT_OVERDUE');
      system.clock.set(new Date(new Date(sent.deadlineAt).getTime() + 60_000));
      await signInEveryone();
      const overdue = await supervisor.get('/api/v1/referrals?overdue=true').expect(200);
      expect(overdue.body.items.map((item: { id: string }) => item.id)).toContain(sent.id);
      // Wifaq offers none of the services asked for: the redirect is refused and nothing changes.
      const refused = await supervisor.post(`/api/v1/referrals/${sent.id}/redirect`, { centreId: system.unitIds['WIFAQ-CPD'] }).expect(422);
      expect(refused.body.code).toBe('SERVICE_NOT_OFFERED');
      expect((await officer.get(`/api/v1/referrals/${sent.id}`).expect(200)).body.status).toBe('pending');
      // The consent covers any centre but not family counselling: a fresh check refuses it as well.
      const unconsented = await supervisor
        .post(`/api/v1/referrals/${sent.id}/redirect`, { centreId: system.unitIds['WIFAQ-CPD'], services: ['family_counselling'] })
        .expect(422);
      expect(unconsented.body.code).toBe('SHARING_NOT_ALLOWED');
      const withdrawn = await officer
        .post(`/api/v1/referrals/${sent.id}/withdraw`, { reasonCode: 'client_request', reason: 'The family asked to stop' })
        .expect(200);
      expect(withdrawn.body.status).toBe('withdrawn');
      await counsellor.get(`/api/v1/referrals/${sent.id}`).expect(404);
    });
  });
});
