import type { components } from '../api/schema';

type Schemas = components['schemas'];

/** A person as the intake form holds them while the officer types: strings, as the inputs give them. */
export interface PersonDraft {
  /** Set when the officer picked an existing person from the suggestions: nothing new is created. */
  existing: Schemas['SuggestionView'] | null;
  role: Schemas['SubjectRole'] | null;
  nameAr: string;
  nameLatin: string;
  birthDate: string;
  statedAge: string;
  sex: Schemas['Sex'];
  documentType: Schemas['DocumentType'];
  documentNumber: string;
  phone: string;
  address: string;
  callSafe: boolean;
  messageSafe: boolean;
  safeHours: string;
  safeNote: string;
}

export const emptyPerson = (): PersonDraft => ({
  existing: null,
  role: null,
  nameAr: '',
  nameLatin: '',
  birthDate: '',
  statedAge: '',
  sex: 'unknown',
  documentType: 'qatar_id',
  documentNumber: '',
  phone: '',
  address: '',
  // Unsafe until the officer has asked: a call or a message can endanger a victim.
  callSafe: false,
  messageSafe: false,
  safeHours: '',
  safeNote: '',
});

/** Suggestions are asked for only when a name has 3 characters, or a document or phone 4. */
export const SUGGEST_MIN_NAME = 3;
const SUGGEST_MIN_NUMBER = 4;
/** The pause in typing before suggestions are asked for. */
export const SUGGEST_AFTER_MS = 300;

const text = (value: string) => value.trim();

/** Arabic-Indic (٠–٩) and Persian (۰–۹) digits as 0–9: officers type ages in either. */
export const latinDigits = (value: string): string =>
  value.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => {
    const code = digit.codePointAt(0)!;
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });

/** The stated age as a whole number of years, null when none is typed, NaN when what is typed is not one. */
export function statedAgeOf(draft: PersonDraft): number | null {
  const age = latinDigits(text(draft.statedAge));
  if (!age) return null;
  return /^\d{1,3}$/.test(age) ? Number(age) : Number.NaN;
}
const present = (value: string) => (text(value) ? text(value) : undefined);

/** What to ask the suggestions route for this draft, or null when it is too short to ask. */
export function suggestionRequest(draft: PersonDraft): Schemas['PersonSuggestionsDto'] | null {
  if (draft.existing) return null;
  const nameAr = text(draft.nameAr).length >= SUGGEST_MIN_NAME ? text(draft.nameAr) : undefined;
  const nameLatin = text(draft.nameLatin).length >= SUGGEST_MIN_NAME ? text(draft.nameLatin) : undefined;
  const number = text(draft.documentNumber).length >= SUGGEST_MIN_NUMBER ? text(draft.documentNumber) : undefined;
  const phone = text(draft.phone).length >= SUGGEST_MIN_NUMBER ? text(draft.phone) : undefined;
  if (!nameAr && !nameLatin && !number && !phone) return null;
  const birthYear = /^\d{4}/.test(draft.birthDate) ? Number(draft.birthDate.slice(0, 4)) : undefined;
  return {
    nameAr,
    nameLatin,
    phone,
    birthYear,
    document: number ? { type: draft.documentType, number } : undefined,
  };
}

/** The subject as the API takes it: the existing person's id, or the new person with what was typed. */
export function toSubjectInput(draft: PersonDraft): Schemas['SubjectInputDto'] {
  const role = draft.role ?? 'victim';
  if (draft.existing) return { role, personId: draft.existing.personId };
  const age = statedAgeOf(draft);
  const hasContact = !!present(draft.phone);
  return {
    role,
    person: {
      nameAr: present(draft.nameAr) ?? null,
      nameLatin: present(draft.nameLatin) ?? null,
      birthDate: present(draft.birthDate) ?? null,
      // A stated age only when no birth date is known (the API takes one or the other).
      statedAge: !present(draft.birthDate) && age !== null && !Number.isNaN(age) ? age : null,
      sex: draft.sex,
      document: present(draft.documentNumber) ? { type: draft.documentType, number: text(draft.documentNumber) } : null,
      phones: hasContact ? [text(draft.phone)] : [],
      address: present(draft.address) ?? null,
      safeContact: hasContact
        ? { callSafe: draft.callSafe, messageSafe: draft.messageSafe, safeHours: present(draft.safeHours) ?? null, note: present(draft.safeNote) ?? null }
        : null,
    },
  };
}

/** The name a draft is shown by (either script), or null before one is typed. */
export const draftName = (draft: PersonDraft): string | null =>
  draft.existing ? (draft.existing.nameAr ?? draft.existing.nameLatin) : (present(draft.nameAr) ?? present(draft.nameLatin) ?? null);
