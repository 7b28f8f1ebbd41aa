import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPath, ApiErrors, Audited, CoreErrorCode, IdempotencyKey, Page, pageOf, ReadOnlyPost, RequirePermission, toPage, UuidParam } from '@app/core';
import { DatabaseErrorCode } from '@app/database';
import { ConsentErrorCode } from './consent.exception';
import { LegalBasisListView, LegalBasisRevealView, LegalBasisView } from './consent.views';
import { ApproveLegalBasisDto, ListLegalBasesQueryDto, RejectLegalBasisDto, RequestLegalBasisDto, RevealLegalBasisDto } from './dto/consent.dto';
import { LegalBasisService } from './legal-basis.service';
import { LegalBasisPermission } from './permissions';
import { LegalBasisStatus } from './vocabulary';

const DECISION_ERRORS = [
  CoreErrorCode.NOT_FOUND,
  CoreErrorCode.STALE_VERSION,
  CoreErrorCode.TRANSITION_NOT_ALLOWED,
  ConsentErrorCode.SELF_APPROVAL_FORBIDDEN,
] as const;

@ApiTags('consent')
@Controller(apiPath(''))
export class LegalBasesController {
  constructor(private readonly legalBases: LegalBasisService) {}

  @Post('cases/:id/legal-bases')
  @RequirePermission(LegalBasisPermission.Request)
  @Audited('legal_basis.requested')
  @ApiCreatedResponse({ type: LegalBasisView, description: 'The request, pending a supervisor other than the requester' })
  @ApiErrors(CoreErrorCode.NOT_FOUND, ConsentErrorCode.SUBJECT_NOT_ON_CASE, ConsentErrorCode.EXPIRY_IN_PAST, DatabaseErrorCode.IDEMPOTENCY_KEY_REUSED)
  request(@UuidParam('id') caseId: string, @Body() body: RequestLegalBasisDto, @IdempotencyKey() key: string | undefined): Promise<LegalBasisView> {
    return this.legalBases.request(caseId, body, key);
  }

  @Get('cases/:id/legal-bases')
  @RequirePermission(LegalBasisPermission.Read)
  @Audited('legal_basis.listed')
  @ApiOkResponse({ type: LegalBasisListView })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  list(@UuidParam('id') caseId: string): Promise<LegalBasisListView> {
    return this.legalBases.list(caseId);
  }

  @Get('legal-bases')
  @RequirePermission(LegalBasisPermission.Read)
  @Audited('legal_basis.listed')
  @ApiOkResponse({ type: pageOf(LegalBasisView), description: 'Requests in a status (pending by default) of the cases you read: a supervisor’s, the unit’s' })
  async queue(@Query() query: ListLegalBasesQueryDto): Promise<Page<LegalBasisView>> {
    return toPage(await this.legalBases.queue((query.status as LegalBasisStatus) ?? 'pending', query), query, (item) => item);
  }

  @Get('legal-bases/:id')
  @RequirePermission(LegalBasisPermission.Read)
  @Audited('legal_basis.viewed')
  @ApiOkResponse({ type: LegalBasisView })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  get(@UuidParam('id') id: string): Promise<LegalBasisView> {
    return this.legalBases.get(id);
  }

  @Post('legal-bases/:id/reveal')
  @HttpCode(200)
  @ReadOnlyPost()
  @RequirePermission(LegalBasisPermission.Read)
  @Audited('legal_basis.revealed')
  @ApiOkResponse({ type: LegalBasisRevealView, description: 'The justification or rejection reason, for the supervisor who decides; audited' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  reveal(@UuidParam('id') id: string, @Body() body: RevealLegalBasisDto): Promise<LegalBasisRevealView> {
    return this.legalBases.reveal(id, body.fields);
  }

  @Post('legal-bases/:id/approval')
  @HttpCode(200)
  @RequirePermission(LegalBasisPermission.Decide)
  @Audited('legal_basis.approved')
  @ApiOkResponse({ type: LegalBasisView })
  @ApiErrors(...DECISION_ERRORS, ConsentErrorCode.LEGAL_BASIS_EXPIRED)
  approve(@UuidParam('id') id: string, @Body() body: ApproveLegalBasisDto): Promise<LegalBasisView> {
    return this.legalBases.approve(id, body.version);
  }

  @Post('legal-bases/:id/rejection')
  @HttpCode(200)
  @RequirePermission(LegalBasisPermission.Decide)
  @Audited('legal_basis.rejected')
  @ApiOkResponse({ type: LegalBasisView })
  @ApiErrors(...DECISION_ERRORS)
  reject(@UuidParam('id') id: string, @Body() body: RejectLegalBasisDto): Promise<LegalBasisView> {
    return this.legalBases.reject(id, body);
  }
}
