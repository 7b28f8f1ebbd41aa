import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPath, ApiErrors, Audited, CoreErrorCode, IdempotencyKey, ReadOnlyPost, RequirePermission, UuidParam } from '@app/core';
import { DatabaseErrorCode } from '@app/database';
import { ConsentErrorCode } from './consent.exception';
import { ConsentService } from './consent.service';
import { ConsentListView, ConsentRevealView, ConsentView, SharingDecisionView } from './consent.views';
import { RecordConsentDto, RevealConsentDto, SharingCheckDto, WithdrawConsentDto } from './dto/consent.dto';
import { ConsentPermission } from './permissions';
import { SharingCheck } from './sharing.service';

@ApiTags('consent')
@Controller(apiPath(''))
export class ConsentsController {
  constructor(
    private readonly consents: ConsentService,
    private readonly sharing: SharingCheck,
  ) {}

  @Post('cases/:id/consents')
  @RequirePermission(ConsentPermission.Record)
  @Audited('consent.recorded')
  @ApiCreatedResponse({ type: ConsentView, description: 'The new record (a retry with the same Idempotency-Key answers the same record)' })
  @ApiErrors(
    CoreErrorCode.NOT_FOUND,
    ConsentErrorCode.SUBJECT_NOT_ON_CASE,
    ConsentErrorCode.GUARDIAN_REQUIRED,
    ConsentErrorCode.GUARDIAN_NOT_ON_CASE,
    ConsentErrorCode.GUARDIAN_CONFLICT,
    ConsentErrorCode.GUARDIAN_NOT_APPLICABLE,
    ConsentErrorCode.MINOR_VIEW_NOT_APPLICABLE,
    ConsentErrorCode.UNKNOWN_CENTRE,
    ConsentErrorCode.EXPIRY_IN_PAST,
    ConsentErrorCode.SUPERSEDES_ANOTHER_SUBJECT,
    ConsentErrorCode.CONSENT_NOT_CURRENT,
    DatabaseErrorCode.IDEMPOTENCY_KEY_REUSED,
  )
  record(@UuidParam('id') caseId: string, @Body() body: RecordConsentDto, @IdempotencyKey() key: string | undefined): Promise<ConsentView> {
    return this.consents.record(caseId, body, key);
  }

  @Get('cases/:id/consents')
  @RequirePermission(ConsentPermission.Read)
  @Audited('consent.listed')
  @ApiOkResponse({ type: ConsentListView, description: 'Every record of the case, oldest first, with its state at the server clock' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  list(@UuidParam('id') caseId: string): Promise<ConsentListView> {
    return this.consents.list(caseId);
  }

  @Post('cases/:id/sharing-check')
  @HttpCode(200)
  @ReadOnlyPost()
  @RequirePermission(ConsentPermission.CheckSharing)
  @Audited('consent.sharing_checked')
  @ApiOkResponse({ type: SharingDecisionView, description: '`allowed`, or the exact reasons per subject and data category' })
  @ApiErrors(CoreErrorCode.NOT_FOUND, ConsentErrorCode.UNKNOWN_CENTRE)
  check(@UuidParam('id') caseId: string, @Body() body: SharingCheckDto): Promise<SharingDecisionView> {
    return this.sharing.check(caseId, body);
  }

  @Get('consents/:id')
  @RequirePermission(ConsentPermission.Read)
  @Audited('consent.viewed')
  @ApiOkResponse({ type: ConsentView })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  get(@UuidParam('id') id: string): Promise<ConsentView> {
    return this.consents.get(id);
  }

  @Post('consents/:id/reveal')
  @HttpCode(200)
  @ReadOnlyPost()
  @RequirePermission(ConsentPermission.Reveal)
  @Audited('consent.revealed')
  @ApiOkResponse({ type: ConsentRevealView, description: 'The plaintext of the fields named; each reveal is audited' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  reveal(@UuidParam('id') id: string, @Body() body: RevealConsentDto): Promise<ConsentRevealView> {
    return this.consents.reveal(id, body.fields);
  }

  @Post('consents/:id/withdrawal')
  @HttpCode(200)
  @RequirePermission(ConsentPermission.Withdraw)
  @Audited('consent.withdrawn')
  @ApiOkResponse({ type: ConsentView, description: 'The record, withdrawn; what relied on it is withdrawn in the same transaction' })
  @ApiErrors(CoreErrorCode.NOT_FOUND, ConsentErrorCode.CONSENT_NOT_CURRENT)
  withdraw(@UuidParam('id') id: string, @Body() body: WithdrawConsentDto): Promise<ConsentView> {
    return this.consents.withdraw(id, body);
  }
}
