import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type Role = Schemas['Role'];
export type UnitKind = Schemas['UnitKind'];
export type Unit = Schemas['UnitView'];
export type User = Schemas['UserView'];
export type Approval = Schemas['ApprovalView'];
export type Urgency = Schemas['Urgency'];

/**
 * The administrator's closed lists, in the order the screens offer them; admin.test.tsx fails when the
 * API gains or loses a value.
 */
export const ADMIN_VOCABULARY = {
  UnitKind: ['police_unit', 'partner_centre', 'ministry', 'system'] satisfies UnitKind[],
  Role: ['desk_officer', 'supervisor', 'counsellor', 'centre_manager', 'auditor', 'administrator'] satisfies Role[],
  ApprovalKind: ['account_creation', 'role_grant', 'password_reset'] satisfies Schemas['ApprovalKind'][],
} as const;

/** Deadlines are entered from the most urgent down, as the intake offers urgencies. */
export const URGENCIES: readonly Urgency[] = ['critical', 'high', 'medium', 'low'];

/**
 * Which kind of unit each role belongs to (libs/identity ROLE_UNIT_KIND; the API refuses any other
 * pairing with ROLE_UNIT_MISMATCH): the forms offer only the roles that fit the chosen unit.
 */
const ROLE_UNIT_KIND: Record<Role, UnitKind> = {
  desk_officer: 'police_unit',
  supervisor: 'police_unit',
  counsellor: 'partner_centre',
  centre_manager: 'partner_centre',
  auditor: 'ministry',
  administrator: 'system',
};

export const rolesFor = (kind: UnitKind | undefined): Role[] => ADMIN_VOCABULARY.Role.filter((role) => ROLE_UNIT_KIND[role] === kind);

/** Granting these (a new account holding one, or adding one) and resetting their holders' passwords waits for a second administrator. */
const PRIVILEGED: readonly Role[] = ['auditor', 'administrator'];
export const isPrivileged = (roles: readonly string[]) => roles.some((role) => PRIVILEGED.includes(role as Role));

/** Letters and digits that cannot be misread when spoken or copied by hand (no 0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A temporary password (or an administrator's part of one): four groups of five characters drawn
 * from the browser's cryptographic generator, about 99 bits. It is shown once, to be handed over.
 */
export function generatePassword(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const limit = 256 - (256 % ALPHABET.length);
  const characters: string[] = [];
  while (characters.length < 20) {
    for (const byte of random(new Uint8Array(32))) {
      // Bytes past the last whole multiple of the alphabet would favour its first letters.
      if (byte < limit && characters.length < 20) characters.push(ALPHABET[byte % ALPHABET.length]);
    }
  }
  return [0, 5, 10, 15].map((start) => characters.slice(start, start + 5).join('')).join('-');
}

/** A unit's name in the reader's language. */
export const unitName = (unit: Pick<Unit, 'nameAr' | 'nameEn'> | undefined, language: string): string =>
  unit ? (language === 'ar' ? unit.nameAr : unit.nameEn) : '';

/** A change answered 202 Accepted: the approval request it waits for, not the account. */
export const isApproval = (answer: User | Approval): answer is Approval => 'kind' in answer && 'requestedBy' in answer;
