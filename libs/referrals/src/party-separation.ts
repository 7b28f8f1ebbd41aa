import { CaseParty } from '@app/cases';
import { SharedField } from './vocabulary';

/** Which side of a case a person stands on, for what a centre serving one side may learn of the other. */
export type PartySide = 'protected' | 'accused';

/** A victim's, child's or any minor's way to be found: never with a referral about an alleged perpetrator. */
const CONTACT_FIELDS: readonly SharedField[] = ['phones', 'safeContact', 'address'];
/** Where a party lives: never to a centre that serves the other party. */
const LOCATION_FIELDS: readonly SharedField[] = ['address'];

export type SeparationRule = 'PROTECTED_PARTY_CONTACT' | 'OTHER_PARTY_LOCATION';

export interface SeparationBreach {
  subjectId: string;
  field: SharedField;
  rule: SeparationRule;
}

/**
 * A person accused anywhere on the case is on the accused side (even when also listed as a guardian);
 * otherwise victims, complainants, children and minors are protected; witnesses and adult guardians
 * are on neither side.
 */
export function sideOf(personId: string, parties: readonly CaseParty[]): PartySide | null {
  const rows = parties.filter((party) => party.personId === personId);
  if (rows.some((party) => party.role === 'alleged_perpetrator')) return 'accused';
  const protectedRole = rows.some((party) => party.role === 'victim' || party.role === 'child' || party.role === 'complainant');
  const minor = rows.some((party) => party.age !== null && party.age < 18);
  return protectedRole || minor ? 'protected' : null;
}

export interface SeparationRequest {
  /** The referral's client subjects. */
  clientSubjectIds: readonly string[];
  /** Subject id → the fields it would share. */
  shared: ReadonlyArray<{ subjectId: string; fields: readonly SharedField[] }>;
  /** The clients of the case's other live referrals to the same centre (that centre serves them too). */
  otherClientSubjectIds: readonly string[];
}

/**
 * Party-aware separation, whatever consent says: (1) a referral whose clients include an alleged
 * perpetrator carries no protected party's phone, safe-contact note or address; (2) a centre that
 * serves one side of the case never receives the other side's address. Pure; every breach is listed.
 */
export function separationBreaches(parties: readonly CaseParty[], request: SeparationRequest): SeparationBreach[] {
  const sideOfSubject = (subjectId: string) => {
    const party = parties.find((candidate) => candidate.subjectId === subjectId);
    return party ? sideOf(party.personId, parties) : null;
  };
  const clientSides = new Set(request.clientSubjectIds.map(sideOfSubject));
  const servedSides = new Set([...request.clientSubjectIds, ...request.otherClientSubjectIds].map(sideOfSubject));
  const breaches: SeparationBreach[] = [];
  for (const { subjectId, fields } of request.shared) {
    const side = sideOfSubject(subjectId);
    for (const field of fields) {
      if (side === 'protected' && clientSides.has('accused') && CONTACT_FIELDS.includes(field)) {
        breaches.push({ subjectId, field, rule: 'PROTECTED_PARTY_CONTACT' });
      } else if (side !== null && servedSides.has(side === 'protected' ? 'accused' : 'protected') && LOCATION_FIELDS.includes(field)) {
        breaches.push({ subjectId, field, rule: 'OTHER_PARTY_LOCATION' });
      }
    }
  }
  return breaches;
}
