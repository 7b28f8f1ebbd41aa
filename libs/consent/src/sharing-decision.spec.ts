import fc from 'fast-check';
import { CaseParty } from '@app/cases';
import { ConsentEntry, decideSharing, LegalBasisEntry, SharingLedger, SharingRequest } from './sharing-decision';
import { modelAllows } from '../../../test/support/sharing-model';
import { DATA_CATEGORIES, DataCategory } from './vocabulary';

const NOW = new Date('2026-12-01T08:00:00Z');
const at = (offsetMs: number | null) => (offsetMs === null ? null : new Date(NOW.getTime() + offsetMs));
const CENTRES = ['c-aman', 'c-wifaq'];
const SERVICES = ['protection', 'mediation', 'legal_support'];
const PERSONS = ['p1', 'p2', 'p3'];
const ROLES = ['victim', 'child', 'guardian', 'alleged_perpetrator', 'witness'] as const;

const subsetOf = <T>(values: readonly T[]) => fc.subarray([...values]);
const instant = fc.constantFrom<number | null>(null, -1, 0, 1, 60_000);

/** Random subjects: a person may hold several roles (a guardian who is also the alleged perpetrator). */
const partiesArb = fc
  .uniqueArray(fc.record({ personId: fc.constantFrom(...PERSONS), role: fc.constantFrom(...ROLES) }), {
    minLength: 1,
    maxLength: 6,
    selector: (entry) => `${entry.personId}/${entry.role}`,
  })
  .chain((entries) =>
    fc
      .record({ ages: fc.dictionary(fc.constantFrom(...PERSONS), fc.constantFrom<number | null>(null, 10, 15, 16, 17, 18, 40)) })
      .map(({ ages }) =>
        entries.map((entry, index): CaseParty => ({ subjectId: `s${index}`, personId: entry.personId, role: entry.role, age: ages[entry.personId] ?? null })),
      ),
  );

const consentArb = (id: number) =>
  fc.record({
    id: fc.constant(`consent-${id}`),
    personId: fc.constantFrom(...PERSONS),
    givenBy: fc.constantFrom<'subject' | 'guardian'>('subject', 'guardian'),
    guardianPersonId: fc.constantFrom(...PERSONS),
    minorView: fc.constantFrom<'assent' | 'dissent' | null>(null, null, 'assent', 'dissent'),
    anyCentre: fc.boolean(),
    centreIds: subsetOf(CENTRES),
    services: subsetOf(SERVICES),
    dataCategories: subsetOf(DATA_CATEGORIES),
    recordedAt: fc.integer({ min: -100_000, max: 0 }).map((offset) => at(offset)!),
    expiresAt: instant.map(at),
    superseded: fc.boolean(),
    withdrawnAt: fc.constantFrom<number | null>(null, null, -1, 0).map(at),
  });

const basisArb = (id: number) =>
  fc.record({
    id: fc.constant(`basis-${id}`),
    personIds: subsetOf(PERSONS),
    dataCategories: subsetOf(DATA_CATEGORIES),
    status: fc.constantFrom<'pending' | 'approved' | 'rejected'>('pending', 'approved', 'rejected'),
    expiresAt: fc.constantFrom(-1, 0, 1, 60_000).map((offset) => at(offset)!),
  });

const ledgerArb = fc
  .record({
    parties: partiesArb,
    consents: fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, index) => consentArb(index)))),
    legalBases: fc.integer({ min: 0, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, index) => basisArb(index)))),
  })
  .map(({ parties, consents, legalBases }): SharingLedger => ({
    parties,
    consents: consents.map(({ superseded, ...consent }): ConsentEntry => ({
      ...consent,
      guardianPersonId: consent.givenBy === 'guardian' ? consent.guardianPersonId : null,
      minorView: consent.givenBy === 'guardian' ? consent.minorView : null,
      centreIds: consent.anyCentre ? [] : consent.centreIds,
      supersededBy: superseded ? 'a-later-record' : null,
    })),
    legalBases: legalBases as LegalBasisEntry[],
  }));

const requestArb = (ledger: SharingLedger) =>
  fc.record({
    centreId: fc.constantFrom(...CENTRES),
    services: fc.subarray(SERVICES, { minLength: 1 }),
    subjects: fc.uniqueArray(
      fc.record({
        subjectId: fc.constantFrom(...ledger.parties.map((party) => party.subjectId), 's-not-on-case'),
        categories: fc.subarray([...DATA_CATEGORIES], { minLength: 1 }),
      }),
      { minLength: 1, maxLength: 3, selector: (entry) => entry.subjectId },
    ),
  });

describe('the sharing decision against a model of the rules (fast-check)', () => {
  it('answers allowed for a subject and category exactly when the model does; overall allowed when every one is', () => {
    fc.assert(
      fc.property(
        ledgerArb.chain((ledger) => fc.tuple(fc.constant(ledger), requestArb(ledger))),
        ([ledger, request]) => {
          const decision = decideSharing(ledger, request, NOW);
          let every = true;
          request.subjects.forEach((asked, index) => {
            const answered = decision.subjects[index];
            expect(answered.subjectId).toBe(asked.subjectId);
            asked.categories.forEach((category, position) => {
              const verdict = answered.categories[position];
              const expected = modelAllows(ledger, request, asked.subjectId, category as DataCategory, NOW);
              every &&= expected;
              expect([asked.subjectId, category, verdict.allowed]).toEqual([asked.subjectId, category, expected]);
              // Allowed exactly when there is a basis and no reason; a refusal always says why.
              expect(verdict.basis !== null).toBe(expected);
              expect(verdict.reasons.length === 0).toBe(expected);
            });
          });
          expect(decision.allowed).toBe(every);
          const bases = decision.subjects.flatMap((subject) => subject.categories.flatMap((verdict) => (verdict.basis ? [verdict.basis.id] : [])));
          expect([...decision.reliedOn.consentIds, ...decision.reliedOn.legalBasisIds].sort()).toEqual([...new Set(bases)].sort());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is evaluated at the clock it is given: a consent valid a millisecond before its expiry is expired at it', () => {
    const ledger: SharingLedger = {
      parties: [{ subjectId: 's0', personId: 'p1', role: 'victim', age: 30 }],
      consents: [
        {
          id: 'c',
          personId: 'p1',
          givenBy: 'subject',
          guardianPersonId: null,
          minorView: null,
          anyCentre: true,
          centreIds: [],
          services: ['protection'],
          dataCategories: ['identity'],
          recordedAt: at(-10)!,
          expiresAt: NOW,
          supersededBy: null,
          withdrawnAt: null,
        },
      ],
      legalBases: [],
    };
    const request: SharingRequest = { centreId: 'c-aman', services: ['protection'], subjects: [{ subjectId: 's0', categories: ['identity'] }] };
    expect(decideSharing(ledger, request, at(-1)!).allowed).toBe(true);
    expect(decideSharing(ledger, request, NOW).subjects[0].categories[0].reasons).toEqual(['CONSENT_EXPIRED']);
  });
});

describe('the sharing decision, case by case', () => {
  const adult: CaseParty = { subjectId: 's-adult', personId: 'p-adult', role: 'victim', age: 30 };
  const child: CaseParty = { subjectId: 's-child', personId: 'p-child', role: 'child', age: 10 };
  const teen: CaseParty = { subjectId: 's-teen', personId: 'p-teen', role: 'child', age: 16 };
  const guardian: CaseParty = { subjectId: 's-guardian', personId: 'p-guardian', role: 'guardian', age: 40 };
  const consent = (overrides: Partial<ConsentEntry> = {}): ConsentEntry => ({
    id: 'consent',
    personId: 'p-adult',
    givenBy: 'subject',
    guardianPersonId: null,
    minorView: null,
    anyCentre: true,
    centreIds: [],
    services: ['protection', 'mediation'],
    dataCategories: ['identity', 'contact'],
    recordedAt: at(-60_000)!,
    expiresAt: null,
    supersededBy: null,
    withdrawnAt: null,
    ...overrides,
  });
  const byGuardian = (personId: string, overrides: Partial<ConsentEntry> = {}) =>
    consent({ personId, givenBy: 'guardian', guardianPersonId: 'p-guardian', ...overrides });
  const basis = (overrides: Partial<LegalBasisEntry> = {}): LegalBasisEntry => ({
    id: 'basis',
    personIds: ['p-child'],
    dataCategories: ['identity'],
    status: 'approved',
    expiresAt: at(60_000)!,
    ...overrides,
  });
  const ask = (party: CaseParty, category: DataCategory = 'identity', request: Partial<SharingRequest> = {}): SharingRequest => ({
    centreId: 'c-aman',
    services: ['protection'],
    subjects: [{ subjectId: party.subjectId, categories: [category] }],
    ...request,
  });

  it.each<[string, CaseParty[], ConsentEntry[], LegalBasisEntry[], SharingRequest, string[]]>([
    ['any centre covers every centre', [adult], [consent()], [], ask(adult, 'identity', { centreId: 'c-wifaq' }), []],
    ['a named centre covers itself', [adult], [consent({ anyCentre: false, centreIds: ['c-aman'] })], [], ask(adult), []],
    ['a named centre does not cover another', [adult], [consent({ anyCentre: false, centreIds: ['c-wifaq'] })], [], ask(adult), ['OUT_OF_SCOPE_CENTRE']],
    [
      'every service asked must be covered',
      [adult],
      [consent()],
      [],
      ask(adult, 'identity', { services: ['protection', 'legal_support'] }),
      ['OUT_OF_SCOPE_SERVICE'],
    ],
    ['a category not consented to', [adult], [consent()], [], ask(adult, 'address'), ['OUT_OF_SCOPE_DATA']],
    ['no record at all', [adult], [], [], ask(adult), ['NO_CONSENT']],
    ['valid a millisecond before its expiry', [adult], [consent({ expiresAt: at(1) })], [], ask(adult), []],
    ['expired at its expiry', [adult], [consent({ expiresAt: at(0) })], [], ask(adult), ['CONSENT_EXPIRED']],
    ['withdrawn', [adult], [consent({ withdrawnAt: at(-1) })], [], ask(adult), ['CONSENT_WITHDRAWN']],
    [
      'a superseded record counts no more; its successor does',
      [adult],
      [consent({ supersededBy: 'next', dataCategories: ['address'] }), consent({ id: 'next' })],
      [],
      ask(adult, 'address'),
      ['OUT_OF_SCOPE_DATA'],
    ],
    ['a minor through a guardian of the case', [child, guardian], [byGuardian('p-child')], [], ask(child), []],
    ['a minor whose guardian left the case', [child], [byGuardian('p-child')], [], ask(child), ['GUARDIAN_NOT_ON_CASE']],
    [
      'a guardian who is now also an alleged perpetrator',
      [child, guardian, { ...guardian, subjectId: 's-g2', role: 'alleged_perpetrator' }],
      [byGuardian('p-child')],
      [],
      ask(child),
      ['GUARDIAN_CONFLICT'],
    ],
    ['a minor consenting alone', [child, guardian], [consent({ personId: 'p-child' })], [], ask(child), ['GUARDIAN_REQUIRED']],
    [
      'a guardian’s consent for a subject now 18',
      [{ ...teen, age: 18 }, guardian],
      [byGuardian('p-teen')],
      [],
      ask({ ...teen, age: 18 }),
      ['SUBJECT_NOW_ADULT'],
    ],
    ['a teen who assents beside the guardian', [teen, guardian], [byGuardian('p-teen', { minorView: 'assent' })], [], ask(teen), []],
    [
      'a teen who dissents blocks sharing',
      [teen, guardian],
      [byGuardian('p-teen', { minorView: 'dissent' }), byGuardian('p-teen', { id: 'other' })],
      [],
      ask(teen),
      ['MINOR_DISSENTS'],
    ],
    ['an approved legal basis stands in for consent', [child], [], [basis()], ask(child), []],
    [
      'an approved legal basis overrides a dissent',
      [teen, guardian],
      [byGuardian('p-teen', { minorView: 'dissent' })],
      [basis({ personIds: ['p-teen'] })],
      ask(teen),
      [],
    ],
    ['a pending legal basis does not', [child], [], [basis({ status: 'pending' })], ask(child), ['NO_CONSENT', 'LEGAL_BASIS_PENDING']],
    ['a rejected legal basis does not', [child], [], [basis({ status: 'rejected' })], ask(child), ['NO_CONSENT', 'LEGAL_BASIS_REJECTED']],
    ['an expired legal basis does not', [child], [], [basis({ expiresAt: at(0)! })], ask(child), ['NO_CONSENT', 'LEGAL_BASIS_EXPIRED']],
    ['a legal basis for another category does not', [child], [], [basis({ dataCategories: ['address'] })], ask(child), ['NO_CONSENT']],
    ['a subject of another case', [adult], [consent()], [], ask(child), ['SUBJECT_NOT_ON_CASE']],
  ])('%s', (_name, parties, consents, legalBases, request, reasons) => {
    const decision = decideSharing({ parties, consents, legalBases }, request, NOW);
    expect(decision.subjects[0].categories[0].reasons).toEqual(reasons);
    expect(decision.allowed).toBe(reasons.length === 0);
  });
});
