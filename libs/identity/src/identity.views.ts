import { unitFieldsOf, UnitRow } from './unit.repository';
import { UserRow } from './user.repository';

/** Explicit response shapes: never raw rows (no hashes, no secrets, no lockout internals). */
export const toUserView = (user: UserRow) => ({
  id: user.id,
  unitId: user.unit_id,
  username: user.username,
  displayName: user.display_name,
  roles: user.roles,
  secondFactorEnrolled: user.totp_enabled,
  mustChangePassword: user.must_change_password,
  locked: user.locked_at !== null,
  disabled: user.disabled_at !== null,
  lastSignInAt: user.last_sign_in_at?.toISOString() ?? null,
  version: user.version,
});

/** What a supervisor or centre manager sees of a colleague: enough to assign work. */
export const toMemberView = (user: UserRow) => ({ id: user.id, displayName: user.display_name, roles: user.roles });

export const toUnitView = (unit: UnitRow) => ({ id: unit.id, ...unitFieldsOf(unit), version: unit.version });
