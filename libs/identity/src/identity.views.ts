import { SecurityEventRow } from './security-event.repository';
import { UnitRow } from './unit.repository';
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

export const toUnitView = (unit: UnitRow) => ({
  id: unit.id,
  kind: unit.kind,
  code: unit.code,
  nameAr: unit.name_ar,
  nameEn: unit.name_en,
  parentId: unit.parent_id,
  timeZone: unit.time_zone,
  services: unit.services,
  caseCategories: unit.case_categories,
  officeLocation: unit.office_location,
  acceptanceHours: unit.acceptance_hours,
  active: unit.active,
  version: unit.version,
});

export const toSecurityEventView = (event: SecurityEventRow) => ({
  id: String(event.id),
  occurredAt: event.occurred_at.toISOString(),
  type: event.event_type,
  outcome: event.outcome,
  userId: event.user_id,
  subjectHash: event.subject_hash,
  actorUserId: event.actor_user_id,
  actorUnitId: event.actor_unit_id,
  clientIp: event.client_ip,
  correlationId: event.correlation_id,
  detail: event.detail,
});

export const page = <T, V>(result: { items: T[]; total: number }, pageNumber: number, pageSize: number, view: (item: T) => V) => ({
  items: result.items.map(view),
  total: result.total,
  page: pageNumber,
  pageSize,
});
