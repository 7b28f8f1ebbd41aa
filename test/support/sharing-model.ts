import { DataCategory, SharingLedger, SharingRequest } from '@app/consent';

/**
 * The rules as DESIGN and the issue state them, written out once more without the implementation's
 * helpers: an approved, unexpired legal basis covering the person and category allows; otherwise some
 * current consent of the person, neither withdrawn nor expired, given by the right person (the adult
 * themselves; for a minor a guardian subject of the case who is not an alleged perpetrator), covering
 * the centre, every service and the category, with no valid dissent of the minor.
 */
export function modelAllows(ledger: SharingLedger, request: SharingRequest, subjectId: string, category: DataCategory, now: Date): boolean {
  const party = ledger.parties.find((candidate) => candidate.subjectId === subjectId);
  if (!party) return false;
  for (const basis of ledger.legalBases) {
    if (
      basis.status === 'approved' &&
      basis.expiresAt.getTime() > now.getTime() &&
      basis.personIds.includes(party.personId) &&
      basis.dataCategories.includes(category)
    ) {
      return true;
    }
  }
  const isMinor = party.age !== null && party.age < 18;
  const isAdult = party.age !== null && party.age >= 18;
  const rolesOf = (personId: string | null) => ledger.parties.filter((candidate) => candidate.personId === personId).map((candidate) => candidate.role);
  const valid = ledger.consents.filter((consent) => {
    if (consent.personId !== party.personId || consent.supersededBy !== null) return false;
    if (consent.withdrawnAt !== null && consent.withdrawnAt.getTime() <= now.getTime()) return false;
    if (consent.expiresAt !== null && consent.expiresAt.getTime() <= now.getTime()) return false;
    if (consent.givenBy === 'subject') return !isMinor;
    return !isAdult && rolesOf(consent.guardianPersonId).includes('guardian') && !rolesOf(consent.guardianPersonId).includes('alleged_perpetrator');
  });
  if (valid.some((consent) => consent.minorView === 'dissent')) return false;
  return valid.some(
    (consent) =>
      (consent.anyCentre || consent.centreIds.includes(request.centreId)) &&
      request.services.every((service) => consent.services.includes(service)) &&
      consent.dataCategories.includes(category),
  );
}
