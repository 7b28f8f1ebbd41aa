import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPath, ApiErrors, Audited, CoreErrorCode, IdempotencyKey, ReadOnlyPost, RequirePermission, UuidParam } from '@app/core';
import { DatabaseErrorCode } from '@app/database';
import {
  AddNoteDto,
  AssignReferralDto,
  CentreSuggestionsDto,
  CompleteReferralDto,
  DeclineReferralDto,
  EscalateReferralDto,
  ListReferralsQueryDto,
  QueueQueryDto,
  RedirectReferralDto,
  RevealReferralDto,
  SendReferralDto,
  UpdateReferralDto,
  WithdrawReferralDto,
} from './dto/referral.dto';
import { ReferralPermission } from './permissions';
import { ReferralActions } from './referral-actions';
import { ReferralNotes } from './referral-notes';
import { ReferralService } from './referral.service';
import {
  CentreSuggestionListView,
  ReferralListView,
  ReferralNoteListView,
  ReferralNoteView,
  ReferralPageView,
  ReferralRevealView,
  ReferralView,
} from './referral.views';
import { ReferralErrorCode } from './referrals.exception';
import { RevealableField } from './vocabulary';

const SEND_ERRORS = [
  CoreErrorCode.NOT_FOUND,
  ReferralErrorCode.UNKNOWN_CENTRE,
  ReferralErrorCode.SUBJECT_NOT_ON_CASE,
  ReferralErrorCode.CLIENT_NOT_SHARED,
  ReferralErrorCode.SERVICE_NOT_OFFERED,
  ReferralErrorCode.PARTY_SEPARATION,
  ReferralErrorCode.SHARING_NOT_ALLOWED,
  ReferralErrorCode.REFERRAL_ALREADY_ACTIVE,
] as const;
const TRANSITION_ERRORS = [CoreErrorCode.NOT_FOUND, CoreErrorCode.TRANSITION_NOT_ALLOWED, ReferralErrorCode.ACTION_NOT_YOURS] as const;
const READ = [ReferralPermission.ReadPolice, ReferralPermission.ReadCentre] as const;

@ApiTags('referrals')
@Controller(apiPath(''))
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralService,
    private readonly actions: ReferralActions,
    private readonly notes: ReferralNotes,
  ) {}

  @Post('cases/:id/referrals')
  @RequirePermission(ReferralPermission.Send)
  @Audited('referral.sent')
  @ApiCreatedResponse({ type: ReferralView, description: 'Sent (a retry with the same Idempotency-Key answers the same referral)' })
  @ApiErrors(...SEND_ERRORS, DatabaseErrorCode.IDEMPOTENCY_KEY_REUSED)
  send(@UuidParam('id') caseId: string, @Body() body: SendReferralDto, @IdempotencyKey() key: string | undefined): Promise<ReferralView> {
    return this.referrals.send(caseId, body, key);
  }

  @Get('cases/:id/referrals')
  @RequirePermission(ReferralPermission.ReadPolice)
  @Audited('referral.listed')
  @ApiOkResponse({ type: ReferralListView, description: 'Every referral of the case, oldest first: status, holder, deadline, outcome' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  listOfCase(@UuidParam('id') caseId: string): Promise<ReferralListView> {
    return this.referrals.listOfCase(caseId);
  }

  @Post('referrals/centre-suggestions')
  @HttpCode(200)
  @ReadOnlyPost()
  @RequirePermission(ReferralPermission.SuggestCentres)
  @Audited('referral.centres_suggested')
  @ApiOkResponse({ type: CentreSuggestionListView, description: 'Active centres accepting the case’s category or offering a wanted service, best first' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  suggestCentres(@Body() body: CentreSuggestionsDto): Promise<CentreSuggestionListView> {
    return this.referrals.suggestCentres(body);
  }

  @Get('referrals/queue')
  @RequirePermission(ReferralPermission.ReadCentre)
  @Audited('referral.queue_viewed')
  @ApiOkResponse({ type: ReferralPageView, description: 'Your centre’s pending referrals, nearest deadline first; summaries only (no names or contacts)' })
  queue(@Query() query: QueueQueryDto): Promise<ReferralPageView> {
    return this.referrals.queue(query);
  }

  @Get('referrals')
  @RequirePermission(ReferralPermission.ReadPolice)
  @Audited('referral.listed')
  @ApiOkResponse({ type: ReferralPageView, description: 'Referrals of the cases you read (supervisors: the unit’s), nearest deadline first' })
  list(@Query() query: ListReferralsQueryDto): Promise<ReferralPageView> {
    return this.referrals.list(query);
  }

  @Get('referrals/:id')
  @RequirePermission(...READ)
  @Audited('referral.viewed')
  @ApiOkResponse({ type: ReferralView, description: 'Police: status and outcome; the centre: the shared fields once it holds it' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  get(@UuidParam('id') id: string): Promise<ReferralView> {
    return this.referrals.get(id);
  }

  @Post('referrals/:id/reveal')
  @HttpCode(200)
  @ReadOnlyPost()
  @RequirePermission(ReferralPermission.Reveal)
  @Audited('referral.revealed')
  @ApiOkResponse({ type: ReferralRevealView, description: 'The plaintext of the fields named; each reveal is audited' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  reveal(@UuidParam('id') id: string, @Body() body: RevealReferralDto): Promise<ReferralRevealView> {
    return this.referrals.reveal(id, body.fields as RevealableField[]);
  }

  @Post('referrals/:id/updates')
  @HttpCode(200)
  @RequirePermission(ReferralPermission.Send)
  @Audited('referral.updated')
  @ApiOkResponse({ type: ReferralView, description: 'A new snapshot of the shared fields; the centre sees which changed' })
  @ApiErrors(...SEND_ERRORS, CoreErrorCode.TRANSITION_NOT_ALLOWED)
  update(@UuidParam('id') id: string, @Body() body: UpdateReferralDto): Promise<ReferralView> {
    return this.referrals.update(id, body.shared);
  }

  @Post('referrals/:id/accept')
  @HttpCode(200)
  @RequirePermission(ReferralPermission.Handle)
  @Audited('referral.accepted')
  @ApiOkResponse({ type: ReferralView, description: 'Accepted and held by you' })
  @ApiErrors(...TRANSITION_ERRORS, ReferralErrorCode.REFERRAL_ALREADY_ACCEPTED)
  accept(@UuidParam('id') id: string): Promise<ReferralView> {
    return this.actions.accept(id);
  }

  @Post('referrals/:id/decline')
  @HttpCode(200)
  @RequirePermission(ReferralPermission.Handle)
  @Audited('referral.declined')
  @ApiOkResponse({ type: ReferralView, description: 'Declined; the centre no longer reaches it' })
  @ApiErrors(...TRANSITION_ERRORS, ReferralErrorCode.REFERRAL_ALREADY_ACCEPTED)
  decline(@UuidParam('id') id: string, @Body() body: DeclineReferralDto): Promise<ReferralView> {
    return this.actions.decline(id, body);
  }

  @Post('referrals/:id/assign')
  @HttpCode(200)
  @RequirePermission(ReferralPermission.Assign)
  @Audited('referral.assigned')
  @ApiOkResponse({ type: ReferralView, description: 'Held by the assignee (a pending referral is accepted for them)' })
  @ApiErrors(...TRANSITION_ERRORS, ReferralErrorCode.ASSIGNEE_NOT_IN_CENTRE)
  assign(@UuidParam('id') id: string, @Body() body: AssignReferralDto): Promise<ReferralView> {
    return this.actions.assign(id, body);
  }

  @Post('referrals/:id/start')
  @HttpCode(200)
  @RequirePermission(ReferralPermission.Handle)
  @Audited('referral.started')
  @ApiOkResponse({ type: ReferralView })
  @ApiErrors(...TRANSITION_ERRORS)
  start(@UuidParam('id') id: string): Promise<ReferralView> {
    return this.actions.start(id);
  }

  @Post('referrals/:id/complete')
  @HttpCode(200)
  @RequirePermission(ReferralPermission.Handle)
  @Audited('referral.completed')
  @ApiOkResponse({ type: ReferralView, description: 'Completed with its outcome; the centre keeps it' })
  @ApiErrors(...TRANSITION_ERRORS)
  complete(@UuidParam('id') id: string, @Body() body: CompleteReferralDto): Promise<ReferralView> {
    return this.actions.complete(id, body);
  }

  @Post('referrals/:id/escalate')
  @HttpCode(200)
  @RequirePermission(ReferralPermission.Handle)
  @Audited('referral.escalated')
  @ApiOkResponse({ type: ReferralView, description: 'Handed back to the police: the matter needs the authorities' })
  @ApiErrors(...TRANSITION_ERRORS)
  escalate(@UuidParam('id') id: string, @Body() body: EscalateReferralDto): Promise<ReferralView> {
    return this.actions.escalate(id, body);
  }

  @Post('referrals/:id/withdraw')
  @HttpCode(200)
  @RequirePermission(ReferralPermission.Withdraw)
  @Audited('referral.withdrawn')
  @ApiOkResponse({ type: ReferralView, description: 'Withdrawn by the referring unit; the centre no longer reaches it' })
  @ApiErrors(...TRANSITION_ERRORS)
  withdraw(@UuidParam('id') id: string, @Body() body: WithdrawReferralDto): Promise<ReferralView> {
    return this.actions.withdraw(id, body);
  }

  @Post('referrals/:id/redirect')
  @HttpCode(200)
  @RequirePermission(ReferralPermission.Redirect)
  @Audited('referral.redirected')
  @ApiOkResponse({ type: ReferralView, description: 'The new referral to the other centre (the overdue one is withdrawn, linked)' })
  @ApiErrors(...TRANSITION_ERRORS, ...SEND_ERRORS, ReferralErrorCode.REFERRAL_NOT_OVERDUE, ReferralErrorCode.SAME_CENTRE)
  redirect(@UuidParam('id') id: string, @Body() body: RedirectReferralDto): Promise<ReferralView> {
    return this.actions.redirect(id, body);
  }

  @Get('referrals/:id/notes')
  @RequirePermission(ReferralPermission.Note)
  @Audited('referral.notes_viewed')
  @ApiOkResponse({ type: ReferralNoteListView, description: 'The centre’s own notes, oldest first (the holder and the centre’s managers)' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  listNotes(@UuidParam('id') id: string): Promise<ReferralNoteListView> {
    return this.notes.list(id);
  }

  @Post('referrals/:id/notes')
  @RequirePermission(ReferralPermission.Note)
  @Audited('referral.note_added')
  @ApiCreatedResponse({ type: ReferralNoteView })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  addNote(@UuidParam('id') id: string, @Body() body: AddNoteDto): Promise<ReferralNoteView> {
    return this.notes.add(id, body.text);
  }
}
