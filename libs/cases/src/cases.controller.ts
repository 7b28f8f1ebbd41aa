import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPath, ApiErrors, Audited, CoreErrorCode, IdempotencyKey, Page, pageOf, ReadOnlyPost, RequirePermission, toPage, UuidParam } from '@app/core';
import { DatabaseErrorCode } from '@app/database';
import { CaseService } from './case.service';
import { CasesErrorCode } from './cases.exception';
import { CaseRevealView, CaseSummaryView, CaseView, TimelineView } from './cases.views';
import {
  AddSubjectDto,
  CaseSearchDto,
  CloseCaseDto,
  CreateCaseDto,
  EscalateCaseDto,
  ListCasesQueryDto,
  ReassignCaseDto,
  RemoveSubjectDto,
  ReopenCaseDto,
  RevealCaseDto,
  UpdateCaseDto,
} from './dto/case.dto';
import { CASE_READ_PERMISSIONS, CasePermission } from './permissions';

const INTAKE_ERRORS = [
  CasesErrorCode.TITLE_NAMES_SUBJECT,
  CasesErrorCode.SUBJECT_PERSON_AMBIGUOUS,
  CasesErrorCode.ASSIGNEE_NOT_IN_UNIT,
  CasesErrorCode.ASSIGNMENT_NOT_ALLOWED,
  CasesErrorCode.SUBJECT_ALREADY_ON_CASE,
  CasesErrorCode.NARRATIVE_TOO_LONG,
  DatabaseErrorCode.IDEMPOTENCY_KEY_REUSED,
  CoreErrorCode.NOT_FOUND,
] as const;
const CHANGE_ERRORS = [CoreErrorCode.NOT_FOUND, CoreErrorCode.STALE_VERSION] as const;

@ApiTags('cases')
@Controller(apiPath('cases'))
export class CasesController {
  constructor(private readonly cases: CaseService) {}

  @Post()
  @RequirePermission(CasePermission.Create)
  @Audited('case.created')
  @ApiCreatedResponse({ type: CaseView, description: 'The new case (a retry with the same Idempotency-Key answers the same case)' })
  @ApiErrors(...INTAKE_ERRORS)
  create(@Body() body: CreateCaseDto, @IdempotencyKey() key: string | undefined): Promise<CaseView> {
    return this.cases.create(body, key);
  }

  @Get()
  @RequirePermission(...CASE_READ_PERMISSIONS)
  @Audited('case.listed')
  @ApiOkResponse({ type: pageOf(CaseSummaryView), description: 'Your cases (desk officers) or your unit’s (supervisors); filters only' })
  async list(@Query() query: ListCasesQueryDto): Promise<Page<CaseSummaryView>> {
    return toPage(await this.cases.list(query), query, (item) => item);
  }

  @Post('search')
  @HttpCode(200)
  @ReadOnlyPost()
  @RequirePermission(CasePermission.Search)
  @Audited('case.searched')
  @ApiOkResponse({ type: pageOf(CaseSummaryView), description: 'Cases you may read matching every term and filter given' })
  @ApiErrors(CasesErrorCode.SEARCH_EMPTY)
  async search(@Body() body: CaseSearchDto): Promise<Page<CaseSummaryView>> {
    return toPage(await this.cases.search(body), body, (item) => item);
  }

  @Get(':id')
  @RequirePermission(...CASE_READ_PERMISSIONS)
  @Audited('case.viewed')
  @ApiOkResponse({ type: CaseView, description: 'Sensitive fields masked; reveal them field by field' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  get(@UuidParam('id') id: string): Promise<CaseView> {
    return this.cases.get(id);
  }

  @Patch(':id')
  @RequirePermission(CasePermission.Update)
  @Audited('case.updated')
  @ApiOkResponse({ type: CaseView })
  @ApiErrors(...CHANGE_ERRORS, CasesErrorCode.TITLE_NAMES_SUBJECT, CasesErrorCode.NARRATIVE_TOO_LONG)
  update(@UuidParam('id') id: string, @Body() body: UpdateCaseDto): Promise<CaseView> {
    return this.cases.update(id, body);
  }

  @Post(':id/reveal')
  @HttpCode(200)
  @ReadOnlyPost()
  @RequirePermission(CasePermission.Reveal)
  @Audited('case.revealed')
  @ApiOkResponse({ type: CaseRevealView, description: 'The plaintext of the fields named; each reveal is audited' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  reveal(@UuidParam('id') id: string, @Body() body: RevealCaseDto): Promise<CaseRevealView> {
    return this.cases.reveal(id, body.fields);
  }

  @Get(':id/timeline')
  @RequirePermission(...CASE_READ_PERMISSIONS)
  @Audited('case.timeline_viewed')
  @ApiOkResponse({ type: TimelineView, description: 'The case’s own history: status changes, subjects, edits (field names only)' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  timeline(@UuidParam('id') id: string): Promise<TimelineView> {
    return this.cases.timeline(id);
  }

  @Post(':id/subjects')
  @HttpCode(200)
  @RequirePermission(CasePermission.ManageSubjects)
  @Audited('case.subject_added')
  @ApiOkResponse({ type: CaseView })
  @ApiErrors(...CHANGE_ERRORS, CasesErrorCode.SUBJECT_PERSON_AMBIGUOUS, CasesErrorCode.SUBJECT_ALREADY_ON_CASE, CasesErrorCode.TITLE_NAMES_SUBJECT)
  addSubject(@UuidParam('id') id: string, @Body() body: AddSubjectDto): Promise<CaseView> {
    return this.cases.addSubject(id, body);
  }

  @Delete(':id/subjects/:subjectId')
  @RequirePermission(CasePermission.ManageSubjects)
  @Audited('case.subject_removed')
  @ApiOkResponse({ type: CaseView })
  @ApiErrors(...CHANGE_ERRORS, CasesErrorCode.LAST_SUBJECT)
  removeSubject(@UuidParam('id') id: string, @UuidParam('subjectId') subjectId: string, @Body() body: RemoveSubjectDto): Promise<CaseView> {
    return this.cases.removeSubject(id, subjectId, body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission(CasePermission.Close)
  @Audited('case.closed')
  @ApiOkResponse({ type: CaseView })
  @ApiErrors(...CHANGE_ERRORS, CoreErrorCode.TRANSITION_NOT_ALLOWED)
  close(@UuidParam('id') id: string, @Body() body: CloseCaseDto): Promise<CaseView> {
    return this.cases.changeStatus(id, 'close', { version: body.version, set: { outcome: body.outcome }, reasonCode: body.outcome });
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @RequirePermission(CasePermission.Reopen)
  @Audited('case.reopened')
  @ApiOkResponse({ type: CaseView })
  @ApiErrors(...CHANGE_ERRORS, CoreErrorCode.TRANSITION_NOT_ALLOWED)
  reopen(@UuidParam('id') id: string, @Body() body: ReopenCaseDto): Promise<CaseView> {
    return this.cases.changeStatus(id, 'reopen', { version: body.version, reason: body.reason });
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @RequirePermission(CasePermission.Escalate)
  @Audited('case.escalated')
  @ApiOkResponse({ type: CaseView })
  @ApiErrors(...CHANGE_ERRORS, CoreErrorCode.TRANSITION_NOT_ALLOWED)
  escalate(@UuidParam('id') id: string, @Body() body: EscalateCaseDto): Promise<CaseView> {
    return this.cases.changeStatus(id, 'escalate', {
      version: body.version,
      set: { escalated_to: body.authority },
      reasonCode: body.authority,
      reason: body.reason,
    });
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @RequirePermission(CasePermission.Reassign)
  @Audited('case.reassigned')
  @ApiOkResponse({ type: CaseView })
  @ApiErrors(...CHANGE_ERRORS, CasesErrorCode.ASSIGNEE_NOT_IN_UNIT)
  reassign(@UuidParam('id') id: string, @Body() body: ReassignCaseDto): Promise<CaseView> {
    return this.cases.reassign(id, body);
  }
}
