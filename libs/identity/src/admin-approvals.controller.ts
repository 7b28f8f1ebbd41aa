import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPath, ApiErrors, Audited, CoreErrorCode, Page, pageOf, RequirePermission, toPage, UserActor, UuidParam } from '@app/core';
import { ApprovalService } from './approval.service';
import { CurrentActor } from './current-actor.decorator';
import { ApproveDto, ListApprovalsQueryDto } from './dto/identity.dto';
import { IdentityErrorCode } from './identity.exception';
import { ApprovalDecisionView, ApprovalView, toApprovalView, toUserView } from './identity.views';
import { IdentityPermission } from './permissions';

/** Privileged account changes waiting for a second administrator. */
@ApiTags('admin')
@Controller(apiPath('admin/approvals'))
export class AdminApprovalsController {
  constructor(private readonly approvals: ApprovalService) {}

  @Get()
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('approval.listed')
  @ApiOkResponse({ type: pageOf(ApprovalView) })
  async list(@Query() query: ListApprovalsQueryDto): Promise<Page<ApprovalView>> {
    return toPage(await this.approvals.list({ status: query.status }, query), query, toApprovalView);
  }

  @Get(':id')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('approval.viewed')
  @ApiOkResponse({ type: ApprovalView })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  async get(@UuidParam('id') id: string): Promise<ApprovalView> {
    return toApprovalView(await this.approvals.get(id));
  }

  @Post(':id/approval')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('approval.approved')
  @HttpCode(200)
  @ApiOkResponse({ type: ApprovalDecisionView, description: 'Approved and applied, in one transaction' })
  @ApiErrors(
    CoreErrorCode.NOT_FOUND,
    CoreErrorCode.TRANSITION_NOT_ALLOWED,
    IdentityErrorCode.APPROVER_IS_REQUESTER,
    IdentityErrorCode.APPROVAL_EXPIRED,
    // Applying the change meets the rules a direct change would.
    CoreErrorCode.STALE_VERSION,
    IdentityErrorCode.USERNAME_TAKEN,
    IdentityErrorCode.UNIT_NOT_FOUND,
    IdentityErrorCode.ROLE_UNIT_MISMATCH,
    IdentityErrorCode.CANNOT_CHANGE_OWN_ACCESS,
    IdentityErrorCode.PASSWORD_PART_REQUIRED,
    IdentityErrorCode.WEAK_PASSWORD,
  )
  async approve(@CurrentActor() actor: UserActor, @UuidParam('id') id: string, @Body() body: ApproveDto): Promise<ApprovalDecisionView> {
    const { approval, user } = await this.approvals.approve(actor, id, body.temporaryPasswordPart);
    return { approval: toApprovalView(approval), user: toUserView(user) };
  }

  @Post(':id/rejection')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('approval.rejected')
  @HttpCode(200)
  @ApiOkResponse({ type: ApprovalView, description: 'Rejected (by the requester: withdrawn)' })
  @ApiErrors(CoreErrorCode.NOT_FOUND, CoreErrorCode.TRANSITION_NOT_ALLOWED)
  async reject(@CurrentActor() actor: UserActor, @UuidParam('id') id: string): Promise<ApprovalView> {
    return toApprovalView(await this.approvals.reject(actor, id));
  }
}
