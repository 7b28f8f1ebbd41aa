export { CENTRE_SERVICES } from '@app/identity';

/** What a consent or legal basis lets be shared about a subject (DESIGN: one table maps each shared field to these). */
export const DATA_CATEGORIES = ['identity', 'contact', 'address', 'narrative', 'documents'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/**
 * Each field a referral may share, and the category a consent must cover for it. A phone travels with
 * its safe-contact instructions: both are `contact`.
 */
export const FIELD_CATEGORIES = {
  nameAr: 'identity',
  nameLatin: 'identity',
  birthDate: 'identity',
  age: 'identity',
  sex: 'identity',
  nationality: 'identity',
  phones: 'contact',
  safeContact: 'contact',
  address: 'address',
  narrative: 'narrative',
  document: 'documents',
} as const satisfies Record<string, DataCategory>;
export type SharedField = keyof typeof FIELD_CATEGORIES;

export const CONSENT_METHODS = ['verbal', 'written', 'written_form_to_follow'] as const;
export const CONSENT_GIVERS = ['subject', 'guardian'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];
/** A minor aged MINOR_HEARD_AGE or more may be heard beside the guardian's consent; dissent blocks sharing. */
export const MINOR_VIEWS = ['assent', 'dissent'] as const;
export type MinorView = (typeof MINOR_VIEWS)[number];
export const MINOR_HEARD_AGE = 15;
export { ADULT_AGE } from '@app/cases';
/** Who told the police a consent is withdrawn. */
export const WITHDRAWAL_REPORTERS = ['subject', 'guardian', 'centre', 'other'] as const;

export const LEGAL_BASES = ['child_at_risk', 'imminent_danger_to_life', 'court_order'] as const;
export type LegalBasisKind = (typeof LEGAL_BASES)[number];
export const LEGAL_BASIS_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type LegalBasisStatus = (typeof LEGAL_BASIS_STATUSES)[number];

/** Why a subject's category may not be shared: stable codes the UI translates and referrals return. */
export const SHARING_REASONS = [
  'NO_CONSENT',
  'CONSENT_EXPIRED',
  'CONSENT_WITHDRAWN',
  'OUT_OF_SCOPE_CENTRE',
  'OUT_OF_SCOPE_SERVICE',
  'OUT_OF_SCOPE_DATA',
  'MINOR_DISSENTS',
  /** A guardian's consent ends when the subject turns 18. */
  'SUBJECT_NOW_ADULT',
  /** A subject's own consent while a minor (their age became known after it was recorded). */
  'GUARDIAN_REQUIRED',
  /** The guardian who consented is (now) also an alleged perpetrator of the case. */
  'GUARDIAN_CONFLICT',
  /** The guardian who consented is no longer a guardian subject of the case. */
  'GUARDIAN_NOT_ON_CASE',
  'LEGAL_BASIS_PENDING',
  'LEGAL_BASIS_REJECTED',
  'LEGAL_BASIS_EXPIRED',
  'SUBJECT_NOT_ON_CASE',
] as const;
export type SharingReason = (typeof SHARING_REASONS)[number];
