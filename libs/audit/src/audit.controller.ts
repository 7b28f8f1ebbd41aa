import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPath, ApiErrors, Audited, Page, pageOf, ReadOnlyPost, RequirePermission, toPage } from '@app/core';
import { AuditPermission } from './audit-permissions';
import { AuditReader } from './audit-reader.service';
import { AuditVerification } from './audit-verification.service';
import { AuditEventView, toAuditEventView, VerificationResultView } from './audit.views';
import { AuditErrorCode } from './audit.exception';
import { AuditTermSearchDto, ListAuditEventsQueryDto } from './dto/list-audit-events.dto';

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
  @ApiOkResponse({ type: pageOf(AuditEventView), description: 'Newest first; auditors read every event, supervisors those of their own unit' })
  async events(@Query() query: ListAuditEventsQueryDto): Promise<Page<AuditEventView>> {
    return toPage(await this.reader.list(filterOf(query), query), query, toAuditEventView);
  }

  @Post('events/search')
  @HttpCode(200)
  @ReadOnlyPost()
  @RequirePermission(AuditPermission.ReadAll)
  @Audited('audit.term_searched')
  @ApiOkResponse({ type: pageOf(AuditEventView), description: 'The searches that used this term (matched by its keyed hash), newest first' })
  async searchesFor(@Body() body: AuditTermSearchDto): Promise<Page<AuditEventView>> {
    return toPage(await this.reader.searchesFor(body.kind, body.term, body), body, toAuditEventView);
  }

  @Get('security-events')
  @RequirePermission(AuditPermission.SecurityEventRead)
  @Audited('audit.security_events_viewed')
  @ApiOkResponse({ type: pageOf(AuditEventView), description: 'Sign-in, account, session and access events, newest first' })
  async securityEvents(@Query() query: ListAuditEventsQueryDto): Promise<Page<AuditEventView>> {
    const result = await this.reader.list({ ...filterOf(query), securityOnly: true }, query, 'audit.security_events_viewed');
    return toPage(result, query, toAuditEventView);
  }

  @Get('verification')
  @RequirePermission(AuditPermission.Verify)
  @Audited('audit.verified')
  @ApiOkResponse({ type: VerificationResultView, description: 'Verified: intact, or where and why not (a tampered trail is a 200 with ok false)' })
  @ApiErrors(AuditErrorCode.VERIFICATION_RUNNING)
  verification(): Promise<VerificationResultView> {
    return this.verifier.verify();
  }
}
