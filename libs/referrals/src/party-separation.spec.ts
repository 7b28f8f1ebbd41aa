import { CaseParty } from '@app/cases';
import { separationBreaches, sideOf } from './party-separation';

const party = (subjectId: string, personId: string, role: CaseParty['role'], age: number | null): CaseParty => ({ subjectId, personId, role, age });

// A family: the mother (victim), a child, the father (accused), the father again as guardian, a witness.
const parties: CaseParty[] = [
  party('s-mother', 'p-mother', 'victim', 36),
  party('s-child', 'p-child', 'child', 9),
  party('s-father', 'p-father', 'alleged_perpetrator', 44),
  party('s-father-guardian', 'p-father', 'guardian', 44),
  party('s-witness', 'p-witness', 'witness', 50),
  party('s-minor-witness', 'p-minor-witness', 'witness', 16),
];

describe('party sides', () => {
  it.each([
    ['p-mother', 'protected'],
    ['p-child', 'protected'],
    ['p-father', 'accused'],
    ['p-witness', null],
    ['p-minor-witness', 'protected'],
  ])('%s is %s', (personId, side) => expect(sideOf(personId, parties)).toBe(side));
});

describe('party-aware separation', () => {
  const none = { otherClientSubjectIds: [] as string[] };

  it('a referral about the father carries no victim’s or child’s contact or address, whatever else it shares', () => {
    const breaches = separationBreaches(parties, {
      ...none,
      clientSubjectIds: ['s-father'],
      shared: [
        { subjectId: 's-father', fields: ['nameAr', 'phones', 'address'] },
        { subjectId: 's-mother', fields: ['nameAr', 'phones', 'safeContact'] },
        { subjectId: 's-child', fields: ['age', 'address'] },
      ],
    });
    expect(breaches).toEqual([
      { subjectId: 's-mother', field: 'phones', rule: 'PROTECTED_PARTY_CONTACT' },
      { subjectId: 's-mother', field: 'safeContact', rule: 'PROTECTED_PARTY_CONTACT' },
      { subjectId: 's-child', field: 'address', rule: 'PROTECTED_PARTY_CONTACT' },
    ]);
  });

  it('the father listed as a guardian is still the accused side', () => {
    const breaches = separationBreaches(parties, { ...none, clientSubjectIds: ['s-father-guardian'], shared: [{ subjectId: 's-child', fields: ['phones'] }] });
    expect(breaches).toEqual([{ subjectId: 's-child', field: 'phones', rule: 'PROTECTED_PARTY_CONTACT' }]);
  });

  it('a centre serving the mother never receives the father’s address (his phone is not his location)', () => {
    const breaches = separationBreaches(parties, {
      ...none,
      clientSubjectIds: ['s-mother'],
      shared: [
        { subjectId: 's-mother', fields: ['nameAr', 'phones', 'address'] },
        { subjectId: 's-father', fields: ['nameAr', 'phones', 'address'] },
      ],
    });
    expect(breaches).toEqual([{ subjectId: 's-father', field: 'address', rule: 'OTHER_PARTY_LOCATION' }]);
  });

  it('a centre already serving the father (another live referral) gets no address of the mother', () => {
    const breaches = separationBreaches(parties, {
      clientSubjectIds: ['s-mother'],
      otherClientSubjectIds: ['s-father'],
      shared: [{ subjectId: 's-mother', fields: ['nameAr', 'address'] }],
    });
    expect(breaches).toEqual([{ subjectId: 's-mother', field: 'address', rule: 'OTHER_PARTY_LOCATION' }]);
  });

  it('neutral parties and same-side sharing pass', () => {
    expect(
      separationBreaches(parties, {
        ...none,
        clientSubjectIds: ['s-mother', 's-child'],
        shared: [
          { subjectId: 's-mother', fields: ['nameAr', 'phones', 'address', 'safeContact'] },
          { subjectId: 's-child', fields: ['nameAr', 'address'] },
          { subjectId: 's-witness', fields: ['nameAr', 'phones', 'address'] },
        ],
      }),
    ).toEqual([]);
  });
});
