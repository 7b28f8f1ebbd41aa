import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { ApprovalRow } from './approval.repository';
import { unitFieldsOf, UnitRow } from './unit.repository';
import type { AdminOutcome } from './user-admin.service';
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

/** A pending privileged change: what was asked, by whom, until when; never the temporary password. */
export const toApprovalView = (approval: ApprovalRow) => ({
  id: approval.id,
  kind: approval.kind,
  status: approval.status,
  targetUserId: approval.target_user_id,
  targetVersion: approval.target_version,
  username: approval.payload.username ?? null,
  displayName: approval.payload.displayName ?? null,
  unitId: approval.payload.unitId ?? null,
  roles: approval.payload.roles ?? null,
  requestedBy: approval.requested_by,
  requestedAt: approval.requested_at.toISOString(),
  expiresAt: approval.expires_at.toISOString(),
  decidedBy: approval.decided_by,
  decidedAt: approval.decided_at?.toISOString() ?? null,
});

/** The change itself (the route's usual status), or 202 Accepted with the approval it waits for. */
export function outcomeView(response: Response, outcome: AdminOutcome) {
  if ('done' in outcome) return toUserView(outcome.done);
  response.status(HttpStatus.ACCEPTED);
  return toApprovalView(outcome.awaitingApproval);
}
