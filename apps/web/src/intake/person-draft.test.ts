import { describe, expect, it } from 'vitest';
import { emptyPerson, statedAgeOf, suggestionRequest, toSubjectInput } from './person-draft';

describe('a person being typed at intake', () => {
  it('asks for suggestions only from 3 characters of a name, or 4 of a document or phone', () => {
    expect(suggestionRequest({ ...emptyPerson(), nameAr: ' مر ' })).toBeNull();
    expect(suggestionRequest({ ...emptyPerson(), nameAr: 'مري' })).toEqual({ nameAr: 'مري' });
    expect(suggestionRequest({ ...emptyPerson(), nameLatin: 'Ma', phone: '5551' })).toEqual({ phone: '5551' });
    expect(suggestionRequest({ ...emptyPerson(), documentNumber: '284', birthDate: '1990-01-01' })).toBeNull();
    expect(suggestionRequest({ ...emptyPerson(), documentNumber: '28463', birthDate: '1990-01-01', nameLatin: 'Mariam' })).toEqual({
      nameLatin: 'Mariam',
      birthYear: 1990,
      document: { type: 'qatar_id', number: '28463' },
    });
  });

  it('reads an age typed in Arabic-Indic or Persian digits, and marks one that is not a number', () => {
    expect(statedAgeOf({ ...emptyPerson(), statedAge: '١٢' })).toBe(12);
    expect(statedAgeOf({ ...emptyPerson(), statedAge: '۳۴' })).toBe(34);
    expect(statedAgeOf({ ...emptyPerson(), statedAge: ' ' })).toBeNull();
    expect(statedAgeOf({ ...emptyPerson(), statedAge: '12 سنة' })).toBeNaN();
    expect(toSubjectInput({ ...emptyPerson(), nameAr: 'سارة', statedAge: '١٢' }).person).toMatchObject({ statedAge: 12 });
  });

  it('asks nothing once an existing person was picked', () => {
    const existing = { personId: 'p', nameAr: 'مريم', nameLatin: null, birthYear: null, score: 1, reasons: [] };
    expect(suggestionRequest({ ...emptyPerson(), existing, nameAr: 'مريم' })).toBeNull();
    expect(toSubjectInput({ ...emptyPerson(), existing, role: 'victim', nameAr: 'ignored' })).toEqual({ role: 'victim', personId: 'p' });
  });

  it('sends a new person with what was typed: trimmed, a stated age only without a birth date, safe contact with a phone', () => {
    const subject = toSubjectInput({
      ...emptyPerson(),
      role: 'child',
      nameAr: ' ليان ',
      statedAge: '9',
      sex: 'female',
      phone: ' 5555 1234 ',
      callSafe: true,
      safeHours: '09:00-12:00',
    });
    expect(subject).toEqual({
      role: 'child',
      person: {
        nameAr: 'ليان',
        nameLatin: null,
        birthDate: null,
        statedAge: 9,
        sex: 'female',
        document: null,
        phones: ['5555 1234'],
        address: null,
        safeContact: { callSafe: true, messageSafe: false, safeHours: '09:00-12:00', note: null },
      },
    });
    expect(toSubjectInput({ ...emptyPerson(), birthDate: '2015-01-01', statedAge: '9' }).person).toMatchObject({
      birthDate: '2015-01-01',
      statedAge: null,
      safeContact: null,
    });
  });
});
