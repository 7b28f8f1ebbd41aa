import fc from 'fast-check';
import { CaseParty } from '@app/cases';
import { ConsentEntry, DATA_CATEGORIES, DataCategory, LegalBasisEntry, SharingLedger, SharingRequest } from '@app/consent';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { signInAs, SignedIn } from '../support/identity-fixtures';
import { modelAllows } from '../support/sharing-model';

/**
 * The sharing query end to end: random ledgers written into PostgreSQL (superseding chains,
 * withdrawals, expiries at the clock's edge, legal bases in every status), asked through
 * `POST /cases/{id}/sharing-check`, answered exactly as a model of the rules answers.
 */
describe('the sharing check over random ledgers in PostgreSQL (fast-check, HTTP)', () => {
  let system: DemoApi;
  let officer: SignedIn;
  let centres: string[];
  const SERVICES = ['protection', 'mediation', 'legal_support'];
  /** One family: who holds which roles, and how old they are on the test's clock. */
  const FAMILY = [
    { key: 'mother', birthDate: '1988-01-01', roles: ['victim', 'guardian'] },
    { key: 'father', birthDate: '1980-01-01', roles: ['alleged_perpetrator', 'guardian'] },
    { key: 'child', birthDate: '2016-01-01', roles: ['child'] },
    { key: 'teen', birthDate: '2010-01-01', roles: ['child'] },
    { key: 'aunt', birthDate: '1990-01-01', roles: ['guardian'] },
  ] as const;
  const AGES: Record<string, number> = { mother: 38, father: 46, child: 10, teen: 16, aunt: 36 };
  const PEOPLE = FAMILY.map((member) => member.key);

  beforeAll(async () => {
    system = await startDemoApi();
    officer = await signInAs(system.api, system.demo.officer);
    centres = [system.unitIds['AMAN-CPD'], system.unitIds['WIFAQ-CPD']];
  });
  afterAll(async () => {
    await system?.stop();
  });

  /** Opens the family's case; answers its parties (person ids by member) as the decision sees them. */
  async function openFamilyCase(): Promise<{ caseId: string; parties: CaseParty[]; personOf: Record<string, string> }> {
    const [first, ...others] = FAMILY;
    const opened = await officer
      .post('/api/v1/cases', {
        category: 'family_dispute',
        urgency: 'medium',
        intakeChannel: 'walk_in',
        title: 'Property case',
        subjects: FAMILY.map((member) => ({
          role: member.roles[0],
          person: { nameLatin: `Member ${member.key}`, birthDate: member.birthDate, sex: 'unknown' },
        })),
      })
      .expect(201);
    // Subjects come back in their own order: match them by name.
    const personOf = Object.fromEntries(
      FAMILY.map((member) => [member.key, opened.body.subjects.find((entry: any) => entry.nameLatin === `Member ${member.key}`).personId]),
    );
    let version = opened.body.version;
    for (const member of [first, ...others]) {
      for (const role of member.roles.slice(1)) {
        version = (await officer.post(`/api/v1/cases/${opened.body.id}/subjects`, { role, personId: personOf[member.key], version }).expect(200)).body.version;
      }
    }
    const detail = await officer.get(`/api/v1/cases/${opened.body.id}`).expect(200);
    const memberOf = Object.fromEntries(Object.entries(personOf).map(([key, id]) => [id, key]));
    const parties = detail.body.subjects.map((entry: any) => ({
      subjectId: entry.id,
      personId: entry.personId,
      role: entry.role,
      age: AGES[memberOf[entry.personId]],
    }));
    return { caseId: opened.body.id, parties, personOf };
  }

  const offset = fc.constantFrom<number | null>(null, -1, 0, 1, 60_000);
  const consentArb = fc.record({
    person: fc.constantFrom(...PEOPLE),
    guardian: fc.constantFrom<string | null>(null, 'mother', 'father', 'aunt'),
    minorView: fc.constantFrom<string | null>(null, null, 'assent', 'dissent'),
    anyCentre: fc.boolean(),
    centre: fc.integer({ min: 0, max: 1 }),
    services: fc.subarray(SERVICES, { minLength: 1 }),
    dataCategories: fc.subarray([...DATA_CATEGORIES], { minLength: 1 }),
    expiresIn: offset,
    withdrawnAgo: fc.constantFrom<number | null>(null, null, 0, 1),
    supersedesEarlier: fc.boolean(),
  });
  const basisArb = fc.record({
    people: fc.subarray(PEOPLE, { minLength: 1 }),
    dataCategories: fc.subarray([...DATA_CATEGORIES], { minLength: 1 }),
    status: fc.constantFrom('pending', 'approved', 'rejected'),
    expiresIn: fc.constantFrom(0, 1, 60_000),
  });
  const requestArb = fc.record({
    centre: fc.integer({ min: 0, max: 1 }),
    services: fc.subarray(SERVICES, { minLength: 1 }),
    asked: fc.uniqueArray(fc.record({ person: fc.constantFrom(...PEOPLE), categories: fc.subarray([...DATA_CATEGORIES], { minLength: 1 }) }), {
      minLength: 1,
      maxLength: 3,
      selector: (entry) => entry.person,
    }),
  });

  it('answers allowed per subject and category exactly when the model does (60 ledgers)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(consentArb, { maxLength: 6 }), fc.array(basisArb, { maxLength: 2 }), requestArb, async (consents, bases, asked) => {
        const { caseId, parties, personOf } = await openFamilyCase();
        const now = system.clock.now();
        const at = (ms: number | null) => (ms === null ? null : new Date(now.getTime() + ms));
        const subjectOf = (key: string) => parties.find((party) => party.personId === personOf[key])!.subjectId;
        const guardianSubjectOf = (key: string) => parties.find((party) => party.personId === personOf[key] && party.role === 'guardian')!.subjectId;
        const entries: ConsentEntry[] = [];
        for (const [index, consent] of consents.entries()) {
          const byGuardian = consent.guardian !== null && consent.guardian !== consent.person;
          const previous = consent.supersedesEarlier
            ? entries.find((entry) => entry.personId === personOf[consent.person] && entry.supersededBy === null)
            : undefined;
          const entry: ConsentEntry = {
            id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
            personId: personOf[consent.person],
            givenBy: byGuardian ? 'guardian' : 'subject',
            guardianPersonId: byGuardian ? personOf[consent.guardian!] : null,
            minorView: byGuardian ? (consent.minorView as ConsentEntry['minorView']) : null,
            anyCentre: consent.anyCentre,
            centreIds: consent.anyCentre ? [] : [centres[consent.centre]],
            services: consent.services,
            dataCategories: consent.dataCategories,
            recordedAt: at(-100_000 + index)!,
            expiresAt: at(consent.expiresIn),
            supersededBy: null,
            withdrawnAt: consent.withdrawnAgo === null ? null : at(-consent.withdrawnAgo),
          };
          const [row] = await system.database.asSuperuser<{ id: string }>(
            `INSERT INTO consent_record (case_id, subject_id, person_id, given_by, guardian_subject_id, guardian_person_id, minor_view, any_centre, centre_ids,
               services, data_categories, method, language, expires_at, supersedes_id, recorded_by, recorded_at,
               withdrawn_at, withdrawal_recorded_by, withdrawal_reported_by, withdrawal_reason_enc)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'verbal', 'ar', $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
            [
              caseId,
              subjectOf(consent.person),
              entry.personId,
              entry.givenBy,
              byGuardian ? guardianSubjectOf(consent.guardian!) : null,
              entry.guardianPersonId,
              entry.minorView,
              entry.anyCentre,
              entry.centreIds,
              entry.services,
              entry.dataCategories,
              entry.expiresAt,
              previous?.id ?? null,
              system.userIds.officer,
              entry.recordedAt,
              entry.withdrawnAt,
              entry.withdrawnAt && system.userIds.officer,
              entry.withdrawnAt && 'subject',
              entry.withdrawnAt && 'v1.test.reason',
            ],
          );
          entry.id = row.id;
          if (previous) previous.supersededBy = row.id;
          entries.push(entry);
        }
        const legalBases: LegalBasisEntry[] = [];
        for (const basis of bases) {
          const decided = basis.status !== 'pending';
          const personIds = basis.people.map((key) => personOf[key]);
          const [row] = await system.database.asSuperuser<{ id: string }>(
            `INSERT INTO legal_basis (case_id, basis, justification_enc, subject_ids, person_ids, data_categories, expires_at, status, requested_by, requested_at,
               decided_by, decided_at, rejection_reason_enc, updated_at)
             VALUES ($1, 'child_at_risk', 'v1.test.j', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $8) RETURNING id`,
            [
              caseId,
              basis.people.map(subjectOf),
              personIds,
              basis.dataCategories,
              at(basis.expiresIn),
              basis.status,
              system.userIds.officer,
              at(-100_000),
              decided ? system.userIds.supervisor : null,
              decided ? at(-50_000) : null,
              basis.status === 'rejected' ? 'v1.test.r' : null,
            ],
          );
          legalBases.push({
            id: row.id,
            personIds,
            dataCategories: basis.dataCategories,
            status: basis.status as LegalBasisEntry['status'],
            expiresAt: at(basis.expiresIn)!,
          });
        }
        const request: SharingRequest = {
          centreId: centres[asked.centre],
          services: asked.services,
          subjects: asked.asked.map((entry) => ({ subjectId: subjectOf(entry.person), categories: entry.categories as DataCategory[] })),
        };
        const answer = await officer.post(`/api/v1/cases/${caseId}/sharing-check`, request).expect(200);
        const ledger: SharingLedger = { parties, consents: entries, legalBases };
        const got = answer.body.subjects.flatMap((subject: any) =>
          subject.categories.map((verdict: any) => [subject.subjectId, verdict.category, verdict.allowed]),
        );
        const expected = request.subjects.flatMap((subject) =>
          subject.categories.map((category) => [subject.subjectId, category, modelAllows(ledger, request, subject.subjectId, category, now)]),
        );
        expect(got).toEqual(expected);
        expect(answer.body.allowed).toBe(expected.every(([, , allowed]) => allowed));
      }),
      { numRuns: 60 },
    );
  });
});
