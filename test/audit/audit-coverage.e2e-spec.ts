import { loadConfig, ManualClock, RouteAccessInspector } from '@app/core';
import { createTestDatabase, createTestHttpApp, TestDatabase, testEnvironment, TestHttpApp } from '@app/testing';
import { asSession, DemoPeople, seedDemoIdentity, sessionCookieOf, signInAs, SignedIn, totpAt } from '../support/identity-fixtures';
import { ApiModule } from '../../apps/api/src/api.module';

const STRONG = 'Correct-Horse-Battery-Staple-42';
const CANARIES = {
  typedName: 'canary.typed.fatima',
  typedPhone: '+97455512345',
  typedQid: '28463400000',
  password: STRONG,
  displayName: 'Canary Display Name Mariam',
};

/**
 * Every audited route, called once with success: exactly one event of its declared action and
 * outcome. Denials and misses: exactly one access.denied / access.not_found. Then the fail-closed
 * check and a canary scan of the whole trail.
 */
describe('audit coverage of the API (HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: TestHttpApp;
  let clock: ManualClock;
  let demo: DemoPeople;
  let units: Record<string, string>;

  const countOf = async (action: string, outcome = 'success') =>
    (await database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM audit_event WHERE action = $1 AND outcome = $2', [action, outcome]))[0].n;

  async function expectOneEvent(action: string, call: () => Promise<{ status: number }>, outcome = 'success', status?: number) {
    const before = await countOf(action, outcome);
    const response = await call();
    if (status) expect(response.status).toBe(status);
    else expect(response.status).toBeLessThan(300);
    expect([action, (await countOf(action, outcome)) - before]).toEqual([action, 1]);
  }

  const admin = () => signInAs(api, demo.admin);
  async function newUser(session: SignedIn, username: string): Promise<{ id: string; version: number }> {
    const response = await session.post('/api/v1/admin/users', {
      username,
      displayName: CANARIES.displayName,
      unitId: units['CPD-RAYYAN'],
      roles: ['desk_officer'],
      temporaryPassword: STRONG,
    });
    expect(response.status).toBe(201);
    return response.body;
  }
  /** A new auditor account that the second administrator asked for, waiting for the first. */
  async function pendingApproval(username: string): Promise<string> {
    const response = await (
      await signInAs(api, demo.admin2)
    ).post('/api/v1/admin/users', {
      username,
      displayName: CANARIES.displayName,
      unitId: units['MOI-AUDIT'],
      roles: ['auditor'],
      temporaryPassword: STRONG,
    });
    expect(response.status).toBe(202);
    return response.body.id;
  }
  async function signInNew(username: string): Promise<SignedIn> {
    const first = await api.http().post('/api/v1/auth/sign-in').send({ username, password: STRONG });
    return asSession(api, sessionCookieOf(first), first.body.csrfToken);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    demo = await seedDemoIdentity(database);
    clock = new ManualClock(new Date('2026-11-23T09:00:00Z'));
    const config = loadConfig(testEnvironment(database, 'api'));
    api = await createTestHttpApp(ApiModule.forRoot(config), config, { clock });
    const rows = await database.asSuperuser<{ code: string; id: string }>('SELECT code, id FROM unit');
    units = Object.fromEntries(rows.map((row) => [row.code, row.id]));
  });
  afterAll(async () => {
    await api.close();
    await database.drop();
  });

  /** Route → the call that succeeds on it. Every @Audited route must be here. */
  const everyCall: Record<string, { action: string; call: () => Promise<{ status: number }> }> = {
    'POST /api/v1/auth/second-factor': {
      action: 'sign_in.succeeded',
      call: async () => {
        clock.advance(30_000);
        const first = await api.http().post('/api/v1/auth/sign-in').send({ username: demo.supervisor.username, password: demo.supervisor.password });
        const half = asSession(api, sessionCookieOf(first), first.body.csrfToken);
        return half.post('/api/v1/auth/second-factor', { code: totpAt(demo.supervisor.totpSecret!, clock) });
      },
    },
    'POST /api/v1/auth/second-factor/enrolment': {
      action: 'second_factor.enrolment_started',
      call: async () => (await signInAs(api, demo.counsellor)).post('/api/v1/auth/second-factor/enrolment', { currentPassword: demo.counsellor.password }),
    },
    'POST /api/v1/auth/second-factor/enrolment/confirm': {
      action: 'second_factor.enrolled',
      call: async () => {
        const session = await signInAs(api, demo.manager);
        const { body } = await session.post('/api/v1/auth/second-factor/enrolment', { currentPassword: demo.manager.password });
        return session.post('/api/v1/auth/second-factor/enrolment/confirm', { code: totpAt(body.secret, clock) });
      },
    },
    'POST /api/v1/auth/password': {
      action: 'password.changed',
      call: async () => {
        await newUser(await admin(), 'cov.password');
        return (await signInNew('cov.password')).post('/api/v1/auth/password', { currentPassword: STRONG, newPassword: 'A brand new passphrase for coverage' });
      },
    },
    'POST /api/v1/auth/sign-out': { action: 'session.signed_out', call: async () => (await signInAs(api, demo.officer)).post('/api/v1/auth/sign-out') },
    'POST /api/v1/auth/sign-out-everywhere': {
      action: 'session.signed_out_everywhere',
      call: async () => (await signInAs(api, demo.officer)).post('/api/v1/auth/sign-out-everywhere'),
    },
    'GET /api/v1/units/:id/members': {
      action: 'unit.members_viewed',
      call: async () => (await signInAs(api, demo.supervisor)).get(`/api/v1/units/${units['CPD-RAYYAN']}/members`),
    },
    'POST /api/v1/admin/units': {
      action: 'unit.created',
      call: async () => (await admin()).post('/api/v1/admin/units', { kind: 'police_unit', code: 'CPD-KHOR', nameAr: 'الخور', nameEn: 'Al Khor' }),
    },
    'PATCH /api/v1/admin/units/:id': {
      action: 'unit.updated',
      call: async () => (await admin()).patch(`/api/v1/admin/units/${units['WIFAQ-CPD']}`, { version: 1, officeLocation: 'Second floor' }),
    },
    'POST /api/v1/admin/holidays': {
      action: 'holiday.added',
      call: async () => (await admin()).post('/api/v1/admin/holidays', { day: '2026-12-18', nameAr: 'اليوم الوطني', nameEn: 'National Day' }),
    },
    'DELETE /api/v1/admin/holidays/:id': {
      action: 'holiday.removed',
      call: async () => {
        const session = await admin();
        const { body } = await session.post('/api/v1/admin/holidays', { day: '2027-01-01', nameAr: 'رأس السنة', nameEn: 'New Year' });
        return session.delete(`/api/v1/admin/holidays/${body.id}`);
      },
    },
    'GET /api/v1/admin/users': { action: 'user.listed', call: async () => (await admin()).get('/api/v1/admin/users') },
    'GET /api/v1/admin/users/:id': {
      action: 'user.viewed',
      call: async () => {
        const session = await admin();
        return session.get(`/api/v1/admin/users/${(await newUser(session, 'cov.viewed')).id}`);
      },
    },
    'POST /api/v1/admin/users': {
      action: 'account.created',
      call: async () =>
        (await admin()).post('/api/v1/admin/users', {
          username: 'cov.created',
          displayName: 'X',
          unitId: units['CPD-RAYYAN'],
          roles: ['desk_officer'],
          temporaryPassword: STRONG,
        }),
    },
    'PATCH /api/v1/admin/users/:id': {
      action: 'account.updated',
      call: async () => {
        const session = await admin();
        const user = await newUser(session, 'cov.updated');
        return session.patch(`/api/v1/admin/users/${user.id}`, { version: user.version, displayName: 'Renamed' });
      },
    },
    'PUT /api/v1/admin/users/:id/roles': {
      action: 'role.changed',
      call: async () => {
        const session = await admin();
        const user = await newUser(session, 'cov.roles');
        return session.put(`/api/v1/admin/users/${user.id}/roles`, { version: user.version, roles: ['desk_officer', 'supervisor'] });
      },
    },
    ...Object.fromEntries(
      (['disable', 'unlock', 'reset-password'] as const).map((verb) => [
        `POST /api/v1/admin/users/:id/${verb}`,
        {
          action: { disable: 'account.disabled', unlock: 'account.unlocked', 'reset-password': 'password.reset' }[verb],
          call: async () => {
            const session = await admin();
            const user = await newUser(session, `cov.${verb.replace('-', '')}`);
            return session.post(`/api/v1/admin/users/${user.id}/${verb}`, {
              version: user.version,
              ...(verb === 'reset-password' ? { temporaryPassword: 'Another-Temporary-Passphrase-77' } : {}),
            });
          },
        },
      ]),
    ),
    'POST /api/v1/admin/users/:id/enable': {
      action: 'account.enabled',
      call: async () => {
        const session = await admin();
        const user = await newUser(session, 'cov.enable');
        const disabled = await session.post(`/api/v1/admin/users/${user.id}/disable`, { version: user.version });
        return session.post(`/api/v1/admin/users/${user.id}/enable`, { version: disabled.body.version });
      },
    },
    'GET /api/v1/admin/approvals': { action: 'approval.listed', call: async () => (await admin()).get('/api/v1/admin/approvals') },
    'GET /api/v1/admin/approvals/:id': {
      action: 'approval.viewed',
      call: async () => (await admin()).get(`/api/v1/admin/approvals/${await pendingApproval('cov.viewed.auditor')}`),
    },
    'POST /api/v1/admin/approvals/:id/approval': {
      action: 'approval.approved',
      call: async () =>
        (await admin()).post(`/api/v1/admin/approvals/${await pendingApproval('cov.approved.auditor')}/approval`, { temporaryPasswordPart: 'ferry-wind-4481' }),
    },
    'POST /api/v1/admin/approvals/:id/rejection': {
      action: 'approval.rejected',
      call: async () => (await admin()).post(`/api/v1/admin/approvals/${await pendingApproval('cov.rejected.auditor')}/rejection`),
    },
    'GET /api/v1/audit/events': { action: 'audit.viewed', call: async () => (await signInAs(api, demo.auditor)).get('/api/v1/audit/events?pageSize=5') },
    'GET /api/v1/audit/security-events': {
      action: 'audit.security_events_viewed',
      call: async () => (await signInAs(api, demo.auditor)).get('/api/v1/audit/security-events'),
    },
    'GET /api/v1/audit/verification': { action: 'audit.verified', call: async () => (await signInAs(api, demo.auditor)).get('/api/v1/audit/verification') },
    'POST /api/v1/audit/events/search': {
      action: 'audit.term_searched',
      call: async () => (await signInAs(api, demo.auditor)).post('/api/v1/audit/events/search', { kind: 'phone', term: '55512399' }),
    },
    ...caseCalls(),
    ...consentCalls(),
  };
  // The referral calls run first: the centre manager they sign in enrols a second factor in an identity call.
  const successfulCalls = Object.fromEntries(Object.entries(everyCall).sort(([a], [b]) => Number(b.includes('/referrals')) - Number(a.includes('/referrals'))));

  /** The cases and persons routes, each called once by the desk officer (or the supervisor, for theirs) on a case of its own. */
  function caseCalls(): Record<string, { action: string; call: () => Promise<{ status: number }> }> {
    const officer = () => signInAs(api, demo.officer);
    const supervisor = () => signInAs(api, demo.supervisor);
    const openCase = async (session: SignedIn) =>
      (
        await session.post('/api/v1/cases', {
          category: 'neglect',
          urgency: 'low',
          intakeChannel: 'school',
          title: 'Coverage intake',
          narrative: 'Coverage narrative',
          subjects: [
            { role: 'child', person: { nameAr: 'سلمى', sex: 'female', birthDate: '2015-01-01', phones: ['55512399'] } },
            { role: 'guardian', person: { nameLatin: 'Yousef Karim', sex: 'male' } },
          ],
        })
      ).body as { id: string; version: number; subjects: Array<{ id: string; personId: string }> };
    const onCase =
      (verb: (session: SignedIn, opened: Awaited<ReturnType<typeof openCase>>) => Promise<{ status: number }>, who = officer) =>
      async () => {
        const session = await who();
        return verb(session, await openCase(session));
      };
    return {
      'POST /api/v1/cases': { action: 'case.created', call: async () => (await officer()).post('/api/v1/cases', { ...(await caseBody()) }) },
      'GET /api/v1/cases': { action: 'case.listed', call: async () => (await officer()).get('/api/v1/cases?status=open') },
      'POST /api/v1/cases/search': { action: 'case.searched', call: async () => (await officer()).post('/api/v1/cases/search', { name: 'سلمى' }) },
      'GET /api/v1/cases/:id': { action: 'case.viewed', call: onCase((session, opened) => session.get(`/api/v1/cases/${opened.id}`)) },
      'PATCH /api/v1/cases/:id': {
        action: 'case.updated',
        call: onCase((session, opened) => session.patch(`/api/v1/cases/${opened.id}`, { version: opened.version, urgency: 'medium' })),
      },
      'POST /api/v1/cases/:id/reveal': {
        action: 'case.revealed',
        call: onCase((session, opened) => session.post(`/api/v1/cases/${opened.id}/reveal`, { fields: ['narrative'] })),
      },
      'GET /api/v1/cases/:id/timeline': {
        action: 'case.timeline_viewed',
        call: onCase((session, opened) => session.get(`/api/v1/cases/${opened.id}/timeline`)),
      },
      'POST /api/v1/cases/:id/subjects': {
        action: 'case.subject_added',
        call: onCase((session, opened) =>
          session.post(`/api/v1/cases/${opened.id}/subjects`, { version: opened.version, role: 'witness', person: { nameLatin: 'Witness Two', sex: 'male' } }),
        ),
      },
      'DELETE /api/v1/cases/:id/subjects/:subjectId': {
        action: 'case.subject_removed',
        call: onCase((session, opened) =>
          session.delete(`/api/v1/cases/${opened.id}/subjects/${opened.subjects[1].id}`, { version: opened.version, reason: 'Added by mistake' }),
        ),
      },
      'POST /api/v1/cases/:id/close': {
        action: 'case.closed',
        call: onCase((session, opened) => session.post(`/api/v1/cases/${opened.id}/close`, { version: opened.version, outcome: 'no_further_action' })),
      },
      'POST /api/v1/cases/:id/reopen': {
        action: 'case.reopened',
        call: onCase(async (session, opened) => {
          const closed = await session.post(`/api/v1/cases/${opened.id}/close`, { version: opened.version, outcome: 'resolved' });
          return session.post(`/api/v1/cases/${opened.id}/reopen`, { version: closed.body.version, reason: 'New facts' });
        }, supervisor),
      },
      'POST /api/v1/cases/:id/escalate': {
        action: 'case.escalated',
        call: onCase(
          (session, opened) =>
            session.post(`/api/v1/cases/${opened.id}/escalate`, { version: opened.version, authority: 'public_prosecution', reason: 'Threats' }),
          supervisor,
        ),
      },
      'POST /api/v1/cases/:id/reassign': {
        action: 'case.reassigned',
        call: onCase(async (session, opened) => {
          const [target] = await database.asSuperuser<{ id: string }>(`SELECT id FROM app_user WHERE username = 'officer2'`);
          return session.post(`/api/v1/cases/${opened.id}/reassign`, { version: opened.version, assignedOfficerId: target.id });
        }, supervisor),
      },
      'POST /api/v1/persons': {
        action: 'person.created',
        call: async () => (await officer()).post('/api/v1/persons', { nameLatin: 'Hind Saeed', sex: 'female' }),
      },
      'POST /api/v1/persons/search': { action: 'person.searched', call: async () => (await officer()).post('/api/v1/persons/search', { phone: '55512399' }) },
      'POST /api/v1/persons/suggestions': {
        action: 'person.suggestions_viewed',
        call: async () => (await officer()).post('/api/v1/persons/suggestions', { nameAr: 'سلمى' }),
      },
      'GET /api/v1/persons/:id': { action: 'person.viewed', call: onCase((session, opened) => session.get(`/api/v1/persons/${opened.subjects[0].personId}`)) },
      'PATCH /api/v1/persons/:id': {
        action: 'person.updated',
        call: onCase((session, opened) => session.patch(`/api/v1/persons/${opened.subjects[0].personId}`, { version: 1, nationality: 'QA' })),
      },
      'POST /api/v1/persons/:id/reveal': {
        action: 'person.revealed',
        call: onCase((session, opened) => session.post(`/api/v1/persons/${opened.subjects[0].personId}/reveal`, { fields: ['phones'] })),
      },
    };
  }

  /** The consent and legal-basis routes, each called once on a case of its own (the desk officer's; decisions by the supervisor). */
  function consentCalls(): Record<string, { action: string; call: () => Promise<{ status: number }> }> {
    type Opened = { caseId: string; child: string; guardian: string; session: SignedIn };
    const openFamily = async (): Promise<Opened> => {
      const session = await signInAs(api, demo.officer);
      const response = await session.post('/api/v1/cases', {
        ...(await caseBody()),
        subjects: [
          { role: 'child', person: { nameLatin: 'Salma Karim', sex: 'female', birthDate: '2015-01-01' } },
          { role: 'guardian', person: { nameLatin: 'Yousef Karim', sex: 'male' } },
        ],
      });
      const byRole = (role: string) => response.body.subjects.find((entry: { role: string }) => entry.role === role).id;
      return { caseId: response.body.id, child: byRole('child'), guardian: byRole('guardian'), session };
    };
    const consentBody = (opened: Opened) => ({
      subjectId: opened.child,
      givenBy: 'guardian',
      guardianSubjectId: opened.guardian,
      centres: { any: true },
      services: ['protection'],
      dataCategories: ['identity'],
      method: 'written',
      language: 'ar',
      note: 'Coverage note',
    });
    const withConsent = (verb: (opened: Opened, consentId: string) => Promise<{ status: number }>) => async () => {
      const opened = await openFamily();
      const consent = await opened.session.post(`/api/v1/cases/${opened.caseId}/consents`, consentBody(opened));
      return verb(opened, consent.body.id);
    };
    const withBasis =
      (verb: (opened: Opened, requested: { status: number; body: { id: string; version: number } }) => Promise<{ status: number }>) => async () => {
        const opened = await openFamily();
        const requested = await opened.session.post(`/api/v1/cases/${opened.caseId}/legal-bases`, {
          basis: 'child_at_risk',
          justification: 'Coverage justification',
          subjectIds: [opened.child],
          dataCategories: ['identity'],
          expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
        });
        return verb(opened, requested);
      };
    const decide = (route: string, body: object) =>
      withBasis(async (_opened, { body: basis }) =>
        (await signInAs(api, demo.supervisor)).post(`/api/v1/legal-bases/${basis.id}/${route}`, { version: basis.version, ...body }),
      );
    /** A referral of the child to Aman (identity only, under the guardian's consent), then `verb` by whoever acts on it. */
    const withReferral =
      (verb: (referral: { id: string; caseId: string }, opened: Opened) => Promise<{ status: number }>, urgency = 'high') =>
      async () => {
        const opened = await openFamily();
        await opened.session.post(`/api/v1/cases/${opened.caseId}/consents`, { ...consentBody(opened), services: ['protection', 'family_counselling'] });
        const sent = await opened.session.post(`/api/v1/cases/${opened.caseId}/referrals`, referralBody(opened, urgency));
        return verb({ id: sent.body.id, caseId: opened.caseId }, opened);
      };
    const referralBody = (opened: Opened, urgency = 'high') => ({
      centreId: units['AMAN-CPD'],
      clientSubjectIds: [opened.child],
      services: ['protection'],
      urgency,
      reason: 'Coverage referral reason',
      shared: [{ subjectId: opened.child, fields: ['nameLatin', 'age'] }],
    });
    const counsellor = () => signInAs(api, demo.counsellor);
    const accepted = (verb: (referral: { id: string; caseId: string }, holder: SignedIn) => Promise<{ status: number }>) =>
      withReferral(async (referral) => {
        const holder = await counsellor();
        await holder.post(`/api/v1/referrals/${referral.id}/accept`);
        return verb(referral, holder);
      });
    const inService = (verb: (referral: { id: string; caseId: string }, holder: SignedIn) => Promise<{ status: number }>) =>
      accepted(async (referral, holder) => {
        await holder.post(`/api/v1/referrals/${referral.id}/start`);
        return verb(referral, holder);
      });
    const referralCalls = {
      'POST /api/v1/cases/:id/referrals': { action: 'referral.sent', call: withReferral(async () => ({ status: 201 })) },
      'GET /api/v1/cases/:id/referrals': {
        action: 'referral.listed',
        call: withReferral((referral, opened) => opened.session.get(`/api/v1/cases/${referral.caseId}/referrals`)),
      },
      'GET /api/v1/referrals': { action: 'referral.listed', call: async () => (await signInAs(api, demo.supervisor)).get('/api/v1/referrals?overdue=true') },
      'GET /api/v1/referrals/queue': { action: 'referral.queue_viewed', call: async () => (await counsellor()).get('/api/v1/referrals/queue') },
      'GET /api/v1/referrals/:id': {
        action: 'referral.viewed',
        call: withReferral((referral, opened) => opened.session.get(`/api/v1/referrals/${referral.id}`)),
      },
      'POST /api/v1/referrals/centre-suggestions': {
        action: 'referral.centres_suggested',
        call: withReferral((referral, opened) => opened.session.post('/api/v1/referrals/centre-suggestions', { caseId: referral.caseId })),
      },
      'POST /api/v1/referrals/:id/updates': {
        action: 'referral.updated',
        call: withReferral((referral, opened) =>
          opened.session.post(`/api/v1/referrals/${referral.id}/updates`, { shared: [{ subjectId: opened.child, fields: ['nameLatin'] }] }),
        ),
      },
      'POST /api/v1/referrals/:id/accept': {
        action: 'referral.accepted',
        call: withReferral(async (referral) => (await counsellor()).post(`/api/v1/referrals/${referral.id}/accept`)),
      },
      'POST /api/v1/referrals/:id/decline': {
        action: 'referral.declined',
        call: withReferral(async (referral) =>
          (await counsellor()).post(`/api/v1/referrals/${referral.id}/decline`, { reasonCode: 'no_capacity', reason: 'No capacity' }),
        ),
      },
      'POST /api/v1/referrals/:id/assign': {
        action: 'referral.assigned',
        call: withReferral(async (referral) => {
          const [assignee] = await database.asSuperuser<{ id: string }>(`SELECT id FROM app_user WHERE username = 'counsellor2'`);
          return (await signInAs(api, demo.manager)).post(`/api/v1/referrals/${referral.id}/assign`, { assigneeId: assignee.id });
        }),
      },
      'POST /api/v1/referrals/:id/reveal': {
        action: 'referral.revealed',
        call: accepted((referral, holder) => holder.post(`/api/v1/referrals/${referral.id}/reveal`, { fields: ['phones'] })),
      },
      'POST /api/v1/referrals/:id/start': {
        action: 'referral.started',
        call: accepted((referral, holder) => holder.post(`/api/v1/referrals/${referral.id}/start`)),
      },
      'POST /api/v1/referrals/:id/complete': {
        action: 'referral.completed',
        call: inService((referral, holder) => holder.post(`/api/v1/referrals/${referral.id}/complete`, { outcome: 'resolved' })),
      },
      'POST /api/v1/referrals/:id/escalate': {
        action: 'referral.escalated',
        call: inService((referral, holder) => holder.post(`/api/v1/referrals/${referral.id}/escalate`, { reason: 'Needs the prosecution' })),
      },
      'GET /api/v1/referrals/:id/notes': {
        action: 'referral.notes_viewed',
        call: accepted((referral, holder) => holder.get(`/api/v1/referrals/${referral.id}/notes`)),
      },
      'POST /api/v1/referrals/:id/notes': {
        action: 'referral.note_added',
        call: accepted((referral, holder) => holder.post(`/api/v1/referrals/${referral.id}/notes`, { text: 'Coverage note' })),
      },
      'POST /api/v1/referrals/:id/withdraw': {
        action: 'referral.withdrawn',
        call: withReferral((referral, opened) =>
          opened.session.post(`/api/v1/referrals/${referral.id}/withdraw`, { reasonCode: 'sent_in_error', reason: 'Sent by mistake' }),
        ),
      },
      'POST /api/v1/referrals/:id/redirect': {
        action: 'referral.redirected',
        call: withReferral(async (referral) => {
          clock.advance(5 * 3_600_000); // past the critical referral's four calendar hours
          return (await signInAs(api, demo.supervisor)).post(`/api/v1/referrals/${referral.id}/redirect`, {
            centreId: units['WIFAQ-CPD'],
            services: ['family_counselling'],
          });
        }, 'critical'),
      },
    };
    return {
      ...referralCalls,
      'POST /api/v1/cases/:id/consents': {
        action: 'consent.recorded',
        call: async () => {
          const opened = await openFamily();
          return opened.session.post(`/api/v1/cases/${opened.caseId}/consents`, consentBody(opened));
        },
      },
      'GET /api/v1/cases/:id/consents': {
        action: 'consent.listed',
        call: withConsent((opened) => opened.session.get(`/api/v1/cases/${opened.caseId}/consents`)),
      },
      'GET /api/v1/consents/:id': { action: 'consent.viewed', call: withConsent((opened, id) => opened.session.get(`/api/v1/consents/${id}`)) },
      'POST /api/v1/consents/:id/reveal': {
        action: 'consent.revealed',
        call: withConsent((opened, id) => opened.session.post(`/api/v1/consents/${id}/reveal`, { fields: ['note'] })),
      },
      'POST /api/v1/consents/:id/withdrawal': {
        action: 'consent.withdrawn',
        call: withConsent((opened, id) => opened.session.post(`/api/v1/consents/${id}/withdrawal`, { reportedBy: 'guardian', reason: 'Changed their mind' })),
      },
      'POST /api/v1/cases/:id/sharing-check': {
        action: 'consent.sharing_checked',
        call: withConsent((opened) =>
          opened.session.post(`/api/v1/cases/${opened.caseId}/sharing-check`, {
            centreId: units['AMAN-CPD'],
            services: ['protection'],
            subjects: [{ subjectId: opened.child, categories: ['identity'] }],
          }),
        ),
      },
      'POST /api/v1/cases/:id/legal-bases': { action: 'legal_basis.requested', call: withBasis(async (_opened, requested) => requested) },
      'GET /api/v1/cases/:id/legal-bases': {
        action: 'legal_basis.listed',
        call: withBasis((opened) => opened.session.get(`/api/v1/cases/${opened.caseId}/legal-bases`)),
      },
      'GET /api/v1/legal-bases': {
        action: 'legal_basis.listed',
        call: async () => (await signInAs(api, demo.supervisor)).get('/api/v1/legal-bases?status=pending'),
      },
      'GET /api/v1/legal-bases/:id': {
        action: 'legal_basis.viewed',
        call: withBasis((opened, { body: basis }) => opened.session.get(`/api/v1/legal-bases/${basis.id}`)),
      },
      'POST /api/v1/legal-bases/:id/reveal': {
        action: 'legal_basis.revealed',
        call: withBasis((opened, { body: basis }) => opened.session.post(`/api/v1/legal-bases/${basis.id}/reveal`, { fields: ['justification'] })),
      },
      'POST /api/v1/legal-bases/:id/approval': { action: 'legal_basis.approved', call: decide('approval', {}) },
      'POST /api/v1/legal-bases/:id/rejection': { action: 'legal_basis.rejected', call: decide('rejection', { reason: 'Not enough grounds' }) },
    };
  }

  const caseBody = async () => ({
    category: 'harassment',
    urgency: 'medium',
    intakeChannel: 'hotline',
    title: 'Coverage intake by phone',
    subjects: [{ role: 'victim', person: { nameLatin: 'Rana Odeh', sex: 'female' } }],
  });

  it('every audited route is exercised here, with the action it declares', () => {
    const audited = api.app
      .get(RouteAccessInspector)
      .listRoutes()
      .filter((route) => route.audit && !route.audit.startsWith('not audited'));
    expect(Object.keys(successfulCalls).sort()).toEqual(audited.map((route) => `${route.method} ${route.path}`).sort());
    for (const route of audited) expect([route.path, successfulCalls[`${route.method} ${route.path}`].action]).toEqual([route.path, route.audit]);
  });

  it('each audited route, on success, records exactly one event of its action', async () => {
    for (const { action, call } of Object.values(successfulCalls)) await expectOneEvent(action, call);
  });

  it('a permission denial records exactly one access.denied; a scope miss exactly one access.not_found naming the id', async () => {
    const officer = await signInAs(api, demo.officer);
    await expectOneEvent('access.denied', () => officer.get('/api/v1/admin/users'), 'denied', 403);
    const supervisor = await signInAs(api, demo.supervisor);
    await expectOneEvent('access.not_found', () => supervisor.get(`/api/v1/units/${units['AMAN-CPD']}/members`), 'denied', 404);
    const [missed] = await database.asSuperuser<{ object_id: string }>(
      `SELECT object_id FROM audit_event WHERE action = 'access.not_found' ORDER BY seq DESC LIMIT 1`,
    );
    expect(missed.object_id).toBe(units['AMAN-CPD']);
  });

  it('supervisors read only their own unit in the trail; auditors all of it; desk officers none', async () => {
    const supervisor = await signInAs(api, demo.supervisor);
    const own = await supervisor.get('/api/v1/audit/events?pageSize=100').expect(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    for (const event of own.body.items) expect(event.actorUnitId).toBe(units['CPD-RAYYAN']);
    const auditor = await signInAs(api, demo.auditor);
    const all = await auditor.get('/api/v1/audit/events?pageSize=100').expect(200);
    expect(all.body.total).toBeGreaterThan(own.body.total);
    await (await signInAs(api, demo.officer)).get('/api/v1/audit/events').expect(403);
  });

  it('fails closed: when the audit insert fails, the change does not happen', async () => {
    const session = await admin();
    await database.asSuperuser('REVOKE INSERT ON audit_event FROM referral_api');
    try {
      const response = await session.post('/api/v1/admin/units', { kind: 'police_unit', code: 'CPD-FAILCLOSED', nameAr: 'س', nameEn: 'Fail closed' });
      expect(response.status).toBe(500);
      expect(response.body.code).toBe('INTERNAL');
    } finally {
      await database.asSuperuser('GRANT INSERT ON audit_event TO referral_api');
    }
    expect(await database.asSuperuser(`SELECT 1 FROM unit WHERE code = 'CPD-FAILCLOSED'`)).toHaveLength(0);
  });

  it('no typed name, phone, ID, password or display name ever reaches the trail', async () => {
    for (const typed of [CANARIES.typedName, CANARIES.typedPhone, CANARIES.typedQid]) {
      await api.http().post('/api/v1/auth/sign-in').send({ username: typed, password: CANARIES.password }).expect(401);
    }
    const rows = await database.asSuperuser<{ text: string }>('SELECT app.audit_canonical(audit_event) AS text FROM audit_event');
    expect(rows.length).toBeGreaterThan(40);
    const trail = rows.map((row) => row.text).join('\n');
    for (const canary of [...Object.values(CANARIES), ...Object.values(demo).map((entry) => entry.password), 'Desk Officer, Al Rayyan (demo)']) {
      expect([canary, trail.includes(canary)]).toEqual([canary, false]);
    }
  });
});
