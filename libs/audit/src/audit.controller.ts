import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsUUID, Matches, MaxDate, MaxLength, MinDate } from 'class-validator';
import { apiPath, Audited, PageQueryDto, RequirePermission, toPage } from '@app/core';
import { AuditPermission } from './audit-permissions';
import { AuditEventRow, AuditReader } from './audit-reader.service';
import { AuditVerification } from './audit-verification.service';

/** Dates a JavaScript Date accepts but PostgreSQL does not (year -271821) would be a 500: bound them. */
const EARLIEST_EVENT_TIME = new Date('2000-01-01T00:00:00Z');
const LATEST_EVENT_TIME = new Date('2200-01-01T00:00:00Z');

export class ListAuditEventsQueryDto extends PageQueryDto {
  @IsOptional() @IsUUID() actorUserId?: string;
  @IsOptional() @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'action must look like referral.accepted' }) action?: string;
  @IsOptional() @Matches(/^[a-z_]+$/, { message: 'objectType must be lower case letters and _' }) objectType?: string;
  @IsOptional() @MaxLength(100) @Matches(/^[A-Za-z0-9-]+$/, { message: 'objectId must be an id' }) objectId?: string;
  @IsOptional() @IsUUID() caseId?: string;
  @IsOptional() @Type(() => Date) @IsDate() @MinDate(EARLIEST_EVENT_TIME) @MaxDate(LATEST_EVENT_TIME) from?: Date;
  @IsOptional() @Type(() => Date) @IsDate() @MinDate(EARLIEST_EVENT_TIME) @MaxDate(LATEST_EVENT_TIME) to?: Date;
}

export const toAuditEventView = (event: AuditEventRow) => ({
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

const filterOf = (query: ListAuditEventsQueryDto) => ({
  actorUserId: query.actorUserId,
  action: query.action,
  objectType: query.objectType,
  objectId: query.objectId,
  caseId: query.caseId,
  from: query.from,
  to: query.to,
});

@ApiTags('audit')
@Controller(apiPath('audit'))
export class AuditController {
  constructor(
    private readonly reader: AuditReader,
    private readonly verifier: AuditVerification,
  ) {}

  @Get('events')
  @RequirePermission(AuditPermission.ReadAll, AuditPermission.ReadOwnUnit)
  @Audited('audit.viewed')
  async events(@Query() query: ListAuditEventsQueryDto) {
    return toPage(await this.reader.list(filterOf(query), query), query, toAuditEventView);
  }

  @Get('security-events')
  @RequirePermission(AuditPermission.SecurityEventRead)
  @Audited('audit.security_events_viewed')
  async securityEvents(@Query() query: ListAuditEventsQueryDto) {
    const result = await this.reader.list({ ...filterOf(query), securityOnly: true }, query, 'audit.security_events_viewed');
    return toPage(result, query, toAuditEventView);
  }

  @Get('verification')
  @RequirePermission(AuditPermission.Verify)
  @Audited('audit.verified')
  verification() {
    return this.verifier.verify();
  }
}
