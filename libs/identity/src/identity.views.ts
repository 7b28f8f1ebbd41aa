import { HttpStatus } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApprovalRow } from './approval.repository';
import { AcceptanceHoursDto } from './dto/identity.dto';
import {
  APPROVAL_KIND_ENUM,
  APPROVAL_STATUS_ENUM,
  CASE_CATEGORY_ENUM,
  CENTRE_SERVICE_ENUM,
  ROLE_ENUM,
  SESSION_STAGE_ENUM,
  UNIT_KIND_ENUM,
  URGENCY_ENUM,
} from './dto/schema-enums';
import { unitFieldsOf, UnitRow } from './unit.repository';
import type { AdminOutcome } from './user-admin.service';
import { UserRow } from './user.repository';

/*
 * Explicit response shapes, never raw rows (no hashes, no secrets, no lockout internals). Each class
 * is what the OpenAPI document publishes; each mapper is typed to return it, so a field added to or
 * dropped from one and not the other fails the type check.
 */

const UUID = { type: String, format: 'uuid' } as const;
const DATE_TIME = { type: String, format: 'date-time' } as const;
const VERSION = { type: 'integer', minimum: 1, description: 'Send it back with a change: a stale one is a 409 STALE_VERSION' } as const;

export class UserView {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UUID) unitId!: string;
  @ApiProperty({ description: 'Lower case', example: 'officer.doha' }) username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ ...ROLE_ENUM, isArray: true }) roles!: string[];
  @ApiProperty() secondFactorEnrolled!: boolean;
  @ApiProperty() mustChangePassword!: boolean;
  @ApiProperty({ description: 'Locked by failed sign-ins until an administrator unlocks it' }) locked!: boolean;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ ...DATE_TIME, nullable: true }) lastSignInAt!: string | null;
  @ApiProperty(VERSION) version!: number;
}

export const toUserView = (user: UserRow): UserView => ({
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
export class MemberView {
  @ApiProperty(UUID) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ ...ROLE_ENUM, isArray: true }) roles!: string[];
}

export const toMemberView = (user: UserRow): MemberView => ({ id: user.id, displayName: user.display_name, roles: user.roles });

/** The active members of one unit: all of them, not paged (a unit has tens, not thousands). */
export class MemberList {
  @ApiProperty({ type: () => [MemberView] }) items!: MemberView[];
}

export class UnitView {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UNIT_KIND_ENUM) kind!: string;
  @ApiProperty({ example: 'DOHA-CP-01' }) code!: string;
  @ApiProperty() nameAr!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ ...UUID, nullable: true }) parentId!: string | null;
  @ApiProperty({ description: 'IANA time zone', example: 'Asia/Qatar' }) timeZone!: string;
  @ApiProperty({ ...CENTRE_SERVICE_ENUM, isArray: true, description: 'Partner centres only; empty elsewhere' }) services!: string[];
  @ApiProperty({ ...CASE_CATEGORY_ENUM, isArray: true, description: 'Partner centres only; empty elsewhere' }) caseCategories!: string[];
  @ApiProperty({ type: String, nullable: true }) officeLocation!: string | null;
  @ApiProperty({ type: () => AcceptanceHoursDto, nullable: true, description: 'Partner centres: office hours to accept a referral, per urgency' })
  acceptanceHours!: AcceptanceHoursDto | null;
  @ApiProperty({ example: '07:00', description: 'Local time the office opens' }) officeOpens!: string;
  @ApiProperty({ example: '14:00', description: 'Local time the office closes' }) officeCloses!: string;
  @ApiProperty({ ...URGENCY_ENUM, isArray: true, description: 'Urgencies whose acceptance deadline counts calendar hours' })
  calendarHoursUrgencies!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty(VERSION) version!: number;
}

export const toUnitView = (unit: UnitRow): UnitView => {
  const fields = unitFieldsOf(unit);
  const hours = fields.acceptanceHours;
  // Only the four urgencies: the stored JSON could hold more than the schema promises.
  const acceptanceHours = hours && { low: hours.low, medium: hours.medium, high: hours.high, critical: hours.critical };
  return { id: unit.id, ...fields, acceptanceHours, version: unit.version };
};

/** A privileged change waiting for (or decided by) a second administrator; never the temporary password. */
export class ApprovalView {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(APPROVAL_KIND_ENUM) kind!: string;
  @ApiProperty(APPROVAL_STATUS_ENUM) status!: string;
  @ApiProperty({ ...UUID, nullable: true, description: 'The account changed; null for an account creation' }) targetUserId!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, nullable: true, description: 'The version the change was asked against' }) targetVersion!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'account_creation: the new account' }) username!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'account_creation: the new account' }) displayName!: string | null;
  @ApiProperty({ ...UUID, nullable: true, description: 'account_creation: the new account' }) unitId!: string | null;
  @ApiProperty({ ...ROLE_ENUM, isArray: true, nullable: true, description: 'account_creation and role_grant: the roles asked for' }) roles!: string[] | null;
  @ApiProperty(UUID) requestedBy!: string;
  @ApiProperty(DATE_TIME) requestedAt!: string;
  @ApiProperty({ ...DATE_TIME, description: 'A pending request cannot be approved after this' }) expiresAt!: string;
  @ApiProperty({ ...UUID, nullable: true }) decidedBy!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) decidedAt!: string | null;
}

export const toApprovalView = (approval: ApprovalRow): ApprovalView => ({
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

/** An approved request and the account as the approved change left it. */
export class ApprovalDecisionView {
  @ApiProperty({ type: () => ApprovalView }) approval!: ApprovalView;
  @ApiProperty({ type: () => UserView }) user!: UserView;
}

/** The change itself (the route's usual status), or 202 Accepted with the approval it waits for. */
export function outcomeView(response: Response, outcome: AdminOutcome): UserView | ApprovalView {
  if ('done' in outcome) return toUserView(outcome.done);
  response.status(HttpStatus.ACCEPTED);
  return toApprovalView(outcome.awaitingApproval);
}

/** The answer of a sign-in step that issued a new session (and so a new CSRF token). */
export class SessionStepView {
  @ApiProperty({ ...SESSION_STAGE_ENUM, description: 'What the session still needs: until `active`, only that stage’s calls answer' }) stage!: string;
  @ApiProperty({ description: 'Send it as X-CSRF-Token on every state-changing call of this session' }) csrfToken!: string;
}

export class SignInView extends SessionStepView {
  @ApiProperty({ description: 'Change the temporary password first (POST /api/v1/auth/password): other calls answer 403 PASSWORD_CHANGE_REQUIRED' })
  mustChangePassword!: boolean;
}

export class EnrolmentView {
  @ApiProperty({ description: 'Base32 TOTP secret, shown once: add it to an authenticator app' }) secret!: string;
  @ApiProperty({ description: 'The same secret as an otpauth:// URI, for a QR code', example: 'otpauth://totp/…' }) otpauthUri!: string;
}

export class EnrolmentConfirmedView extends SessionStepView {
  @ApiProperty({ type: [String], minItems: 10, maxItems: 10, description: 'One-time recovery codes, shown once' }) recoveryCodes!: string[];
}

export class SessionUserView {
  @ApiProperty(UUID) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ ...ROLE_ENUM, isArray: true }) roles!: string[];
  @ApiProperty() secondFactorEnrolled!: boolean;
}

export class SessionUnitView {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UNIT_KIND_ENUM) kind!: string;
  @ApiProperty() code!: string;
  @ApiProperty() nameAr!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ example: 'Asia/Qatar' }) timeZone!: string;
}

/** Who you are, what your roles let you do, and this session's CSRF token (fetch it again after a reload). */
export class SessionView {
  @ApiProperty({ type: () => SessionUserView }) user!: SessionUserView;
  @ApiProperty({ type: () => SessionUnitView }) unit!: SessionUnitView;
  @ApiProperty({ type: [String], description: 'The permissions your roles grant, sorted', example: ['own_session.manage', 'unit.read'] })
  permissions!: string[];
  @ApiProperty() mustChangePassword!: boolean;
  @ApiProperty() csrfToken!: string;
  @ApiProperty({ ...DATE_TIME, description: 'When this session ends unless used again (30 minutes idle)' }) idleExpiresAt!: string;
  @ApiProperty({ ...DATE_TIME, description: 'The server’s clock when it answered: count the idle time from it, whatever the device’s clock says' })
  serverTime!: string;
}

export class SessionsEndedView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Sessions ended, this one included' }) sessionsEnded!: number;
}
