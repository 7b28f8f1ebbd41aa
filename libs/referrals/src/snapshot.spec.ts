import { PartyProfile } from '@app/cases';
import { changedFields, snapshotOf } from './snapshot';

const profile = (subjectId: string, overrides: Partial<PartyProfile> = {}): PartyProfile => ({
  subjectId,
  role: 'victim',
  nameAr: 'مريم',
  nameLatin: 'Mariam',
  birthDate: '1990-01-01',
  age: 36,
  sex: 'female',
  nationality: 'QA',
  phones: ['+97455555555'],
  safeContact: { callSafe: true, messageSafe: false, safeHours: 'mornings', note: 'Call her sister first' },
  address: 'Street 1',
  document: { type: 'qatar_id', number: '28412345678' },
  ...overrides,
});

describe('snapshots', () => {
  it('hold exactly the fields shared, and the narrative only when shared', () => {
    const content = snapshotOf([profile('a'), profile('b')], { a: ['nameAr', 'phones'] }, ['a'], 'The narrative');
    expect(content).toEqual({ subjects: [{ subjectId: 'a', role: 'victim', client: true, values: { nameAr: 'مريم', phones: ['+97455555555'] } }] });
    expect(snapshotOf([profile('a')], { a: ['age', 'narrative'] }, [], 'The narrative')).toEqual({
      narrative: 'The narrative',
      subjects: [{ subjectId: 'a', role: 'victim', client: false, values: { age: 36 } }],
    });
  });

  it('an update marks the fields that are new or changed, per subject', () => {
    const first = snapshotOf([profile('a')], { a: ['nameAr', 'phones'] }, ['a'], null);
    const next = snapshotOf([profile('a', { phones: ['+97466666666'] })], { a: ['nameAr', 'phones', 'address'] }, ['a'], null);
    expect(changedFields(first, next)).toEqual({ a: ['phones', 'address'] });
    expect(changedFields(first, first)).toEqual({});
    expect(changedFields(undefined, first)).toEqual({});
  });
});
