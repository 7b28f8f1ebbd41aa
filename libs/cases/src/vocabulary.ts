export { CASE_CATEGORIES, URGENCIES } from '@app/identity';

export const CASE_STATUSES = ['open', 'referred', 'in_service', 'closed', 'escalated'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const INTAKE_CHANNELS = ['walk_in', 'phone', 'hotline', 'school', 'other_agency'] as const;
export const CASE_OUTCOMES = ['resolved', 'referred_to_authority', 'no_further_action', 'complainant_withdrew', 'transferred'] as const;
/** Who a supervisor escalates a case to; the reason's text stays encrypted on the case, its code in the history. */
export const AUTHORITIES = ['public_prosecution', 'family_court', 'police_investigation'] as const;
export const SUBJECT_ROLES = ['victim', 'complainant', 'child', 'guardian', 'alleged_perpetrator', 'witness'] as const;
export type SubjectRole = (typeof SUBJECT_ROLES)[number];

export const SEXES = ['female', 'male', 'unknown'] as const;
export const DOCUMENT_TYPES = ['qatar_id', 'iraqi_national_card', 'passport', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** A person under 18 is a minor: consent then needs a guardian. */
export const ADULT_AGE = 18;

export const CASE_SENSITIVE_FIELDS = ['narrative'] as const;
export type CaseSensitiveField = (typeof CASE_SENSITIVE_FIELDS)[number];
export const PERSON_SENSITIVE_FIELDS = ['documentNumber', 'phones', 'address', 'safeContactNote'] as const;
export type PersonSensitiveField = (typeof PERSON_SENSITIVE_FIELDS)[number];
