import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTOR_ROLES, SameShape } from '@app/core';
import { AuditEventRow } from './audit-reader.service';
import { AUDIT_OUTCOMES } from './audit-trail';
import { TAMPER_REASONS, VerificationResult } from './audit-verifier';

/* What the trail's routes answer, as the OpenAPI document publishes it; the mappers are typed to these classes. */

const UUID = { type: String, format: 'uuid' } as const;
const NULLABLE_TEXT = { type: String, nullable: true } as const;

export class AuditEventView {
  @ApiProperty({ pattern: '^[0-9]+$', description: 'Sequence number (a 64-bit integer, as a string)', example: '4711' }) seq!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'UTC, to the millisecond' }) occurredAt!: string;
  @ApiProperty({ ...UUID, ...NULLABLE_TEXT, description: 'Null for the worker and for anonymous callers' }) actorUserId!: string | null;
  @ApiProperty({ enum: [...ACTOR_ROLES], enumName: 'ActorRole', isArray: true }) actorRoles!: string[];
  @ApiProperty({ ...UUID, ...NULLABLE_TEXT }) actorUnitId!: string | null;
  @ApiProperty({ example: 'sign_in.failed' }) action!: string;
  @ApiProperty({ ...NULLABLE_TEXT, example: 'user' }) objectType!: string | null;
  @ApiProperty(NULLABLE_TEXT) objectId!: string | null;
  @ApiProperty({ ...UUID, ...NULLABLE_TEXT }) caseId!: string | null;
  @ApiProperty({ enum: [...AUDIT_OUTCOMES], enumName: 'AuditOutcome' }) outcome!: string;
  @ApiProperty(NULLABLE_TEXT) correlationId!: string | null;
  @ApiProperty({ ...NULLABLE_TEXT, description: 'IPv4 or IPv6 address' }) clientIp!: string | null;
  @ApiProperty(NULLABLE_TEXT) justification!: string | null;
  @ApiProperty({ ...NULLABLE_TEXT, description: 'Keyed hash of a sign-in name that matched no account' }) subjectHash!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Field names, codes and state changes; never case content' })
  detail!: Record<string, unknown>;
  @ApiProperty({ description: 'Chained into the tamper-evident seal yet' }) sealed!: boolean;
}

export const toAuditEventView = (event: AuditEventRow): AuditEventView => ({
  seq: String(event.seq),
  occurredAt: event.occurred_at.toISOString(),
  actorUserId: event.actor_user_id,
  actorRoles: event.actor_roles,
  actorUnitId: event.actor_unit_id,
  action: event.action,
  objectType: event.object_type,
  objectId: event.object_id,
  caseId: event.case_id,
  outcome: event.outcome,
  correlationId: event.correlation_id,
  clientIp: event.client_ip,
  justification: event.justification,
  subjectHash: event.subject_hash,
  detail: event.detail,
  sealed: event.sealed,
});

/** The outcome of verifying the whole trail against the witness file. */
export class VerificationResultView implements VerificationResult {
  @ApiProperty({ description: 'The trail is intact' }) ok!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Sealed events checked' }) count!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) checkpointsChecked!: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The first event found changed, deleted or out of place' }) firstBadSeq?: number;
  @ApiPropertyOptional({ enum: [...TAMPER_REASONS], enumName: 'TamperReason', description: 'Why not ok' }) reason?: (typeof TAMPER_REASONS)[number];
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The witness file line the failure was found at' }) witnessLine?: number;
}

const _verificationDocumented: SameShape<VerificationResult, VerificationResultView> = true;
