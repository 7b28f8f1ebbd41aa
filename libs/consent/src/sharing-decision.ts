import { CaseParty } from '@app/cases';
import { ADULT_AGE, DataCategory, LegalBasisStatus, MinorView, SHARING_REASONS, SharingReason } from './vocabulary';

/** A consent record as the decision reads it. */
export interface ConsentEntry {
  id: string;
  personId: string;
  givenBy: 'subject' | 'guardian';
  guardianPersonId: string | null;
  minorView: MinorView | null;
  anyCentre: boolean;
  centreIds: readonly string[];
  services: readonly string[];
  dataCategories: readonly string[];
  recordedAt: Date;
  expiresAt: Date | null;
  /** The record that superseded this one, if any. */
  supersededBy: string | null;
  withdrawnAt: Date | null;
}

export interface LegalBasisEntry {
  id: string;
  personIds: readonly string[];
  dataCategories: readonly string[];
  status: LegalBasisStatus;
  expiresAt: Date;
}

/** Everything the decision needs about one case, loaded once. */
export interface SharingLedger {
  parties: readonly CaseParty[];
  consents: readonly ConsentEntry[];
  legalBases: readonly LegalBasisEntry[];
}

export interface SharingRequest {
  centreId: string;
  services: readonly string[];
  subjects: ReadonlyArray<{ subjectId: string; categories: readonly DataCategory[] }>;
}

export type SharingBasis = { kind: 'consent' | 'legal_basis'; id: string };

export interface CategoryDecision {
  category: DataCategory;
  allowed: boolean;
  /** The record that allows it (referrals keep it, to withdraw what relied on a record that ends). */
  basis: SharingBasis | null;
  reasons: SharingReason[];
}

export interface SharingDecision {
  allowed: boolean;
  subjects: Array<{ subjectId: string; categories: CategoryDecision[] }>;
  /** Every record an allowed share relies on. */
  reliedOn: { consentIds: string[]; legalBasisIds: string[] };
  /** The earliest expiry among those records: the share ends then (null when none expires). */
  validUntil: Date | null;
}

/**
 * The one answer to "may this be shared with that centre for these services, now?", per subject and
 * data category. An approved, unexpired legal basis covering the category allows it (it stands in for
 * consent, and overrides a guardian conflict or a minor's dissent); otherwise a current consent must
 * be valid now and cover the centre, every service and the category, and no minor may dissent.
 * When nothing allows it, the reasons say exactly why (of the nearest valid records, else of the
 * records that lapsed), in a fixed order, so the officer knows what to fix. Pure: the clock's `now` is an argument.
 */
export function decideSharing(ledger: SharingLedger, request: SharingRequest, now: Date): SharingDecision {
  const subjects = request.subjects.map(({ subjectId, categories }) => {
    const party = ledger.parties.find((candidate) => candidate.subjectId === subjectId);
    return {
      subjectId,
      categories: categories.map((category): CategoryDecision => {
        if (!party) return { category, allowed: false, basis: null, reasons: ['SUBJECT_NOT_ON_CASE'] };
        return decideCategory(ledger, party, request, category, now);
      }),
    };
  });
  const decisions = subjects.flatMap((subject) => subject.categories);
  const relied = (kind: SharingBasis['kind']) =>
    [...new Set(decisions.flatMap((decision) => (decision.basis?.kind === kind ? [decision.basis.id] : [])))].sort();
  const reliedOn = { consentIds: relied('consent'), legalBasisIds: relied('legal_basis') };
  const expiries = [
    ...ledger.consents.filter((consent) => reliedOn.consentIds.includes(consent.id)).map((consent) => consent.expiresAt),
    ...ledger.legalBases.filter((basis) => reliedOn.legalBasisIds.includes(basis.id)).map((basis) => basis.expiresAt),
  ].filter((expiry): expiry is Date => expiry !== null);
  return {
    allowed: decisions.length > 0 && decisions.every((decision) => decision.allowed),
    subjects,
    reliedOn,
    validUntil: expiries.length > 0 ? new Date(Math.min(...expiries.map((expiry) => expiry.getTime()))) : null,
  };
}

function decideCategory(ledger: SharingLedger, party: CaseParty, request: SharingRequest, category: DataCategory, now: Date): CategoryDecision {
  const bases = ledger.legalBases.filter((basis) => basis.personIds.includes(party.personId) && basis.dataCategories.includes(category));
  const approved = bases.find((basis) => basis.status === 'approved' && basis.expiresAt > now);
  if (approved) return { category, allowed: true, basis: { kind: 'legal_basis', id: approved.id }, reasons: [] };

  const current = ledger.consents.filter((consent) => consent.personId === party.personId && consent.supersededBy === null);
  const judged = current.map((consent) => ({ consent, lapse: lapseOf(consent, party, ledger.parties, now) }));
  const valid = judged.filter((entry) => entry.lapse === null).map((entry) => entry.consent);
  const reasons = new Set<SharingReason>();
  if (valid.some((consent) => consent.minorView === 'dissent')) {
    reasons.add('MINOR_DISSENTS');
  } else if (valid.length > 0) {
    const gaps = valid.map((consent) => ({ consent, gaps: scopeGaps(consent, request, category) }));
    // The newest covering record is the one relied on (ties by id, so the answer never depends on load order).
    const covering = gaps
      .filter((entry) => entry.gaps.length === 0)
      .sort((a, b) => b.consent.recordedAt.getTime() - a.consent.recordedAt.getTime() || (a.consent.id < b.consent.id ? -1 : 1))[0];
    if (covering) return { category, allowed: true, basis: { kind: 'consent', id: covering.consent.id }, reasons: [] };
    // The nearest records (fewest gaps) say what to fix; all of them, whatever order they came in.
    const fewest = Math.min(...gaps.map((entry) => entry.gaps.length));
    gaps.filter((entry) => entry.gaps.length === fewest).forEach((entry) => entry.gaps.forEach((gap) => reasons.add(gap)));
  } else if (judged.length > 0) {
    judged.forEach((entry) => reasons.add(entry.lapse!));
  } else {
    reasons.add('NO_CONSENT');
  }
  for (const basis of bases) {
    if (basis.status === 'pending' && basis.expiresAt > now) reasons.add('LEGAL_BASIS_PENDING');
    else if (basis.status === 'rejected') reasons.add('LEGAL_BASIS_REJECTED');
    else if (basis.expiresAt <= now) reasons.add('LEGAL_BASIS_EXPIRED');
  }
  return { category, allowed: false, basis: null, reasons: [...reasons].sort((a, b) => SHARING_REASONS.indexOf(a) - SHARING_REASONS.indexOf(b)) };
}

/** Why a current record no longer counts, now and given the case's subjects as they are today; null while it does. */
function lapseOf(consent: ConsentEntry, party: CaseParty, parties: readonly CaseParty[], now: Date): SharingReason | null {
  if (consent.withdrawnAt && consent.withdrawnAt <= now) return 'CONSENT_WITHDRAWN';
  if (consent.expiresAt && consent.expiresAt <= now) return 'CONSENT_EXPIRED';
  const adult = party.age !== null && party.age >= ADULT_AGE;
  if (consent.givenBy === 'subject') return party.age !== null && !adult ? 'GUARDIAN_REQUIRED' : null;
  if (adult) return 'SUBJECT_NOW_ADULT';
  const rolesOfGuardian = parties.filter((candidate) => candidate.personId === consent.guardianPersonId).map((candidate) => candidate.role);
  if (rolesOfGuardian.includes('alleged_perpetrator')) return 'GUARDIAN_CONFLICT';
  if (!rolesOfGuardian.includes('guardian')) return 'GUARDIAN_NOT_ON_CASE';
  return null;
}

/** What a valid record leaves uncovered of the request for this category. */
function scopeGaps(consent: ConsentEntry, request: SharingRequest, category: DataCategory): SharingReason[] {
  const gaps: SharingReason[] = [];
  if (!consent.anyCentre && !consent.centreIds.includes(request.centreId)) gaps.push('OUT_OF_SCOPE_CENTRE');
  if (!request.services.every((service) => consent.services.includes(service))) gaps.push('OUT_OF_SCOPE_SERVICE');
  if (!consent.dataCategories.includes(category)) gaps.push('OUT_OF_SCOPE_DATA');
  return gaps;
}
