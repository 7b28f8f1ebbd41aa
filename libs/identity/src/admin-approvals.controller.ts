import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { apiPath, Audited, RequirePermission, toPage, UserActor } from '@app/core';
import { ApprovalService } from './approval.service';
import { CurrentActor } from './current-actor.decorator';
import { ListApprovalsQueryDto } from './dto/identity.dto';
import { toApprovalView, toUserView } from './identity.views';
import { IdentityPermission } from './permissions';

/** Privileged account changes waiting for a second administrator. */
@ApiTags('admin')
@Controller(apiPath('admin/approvals'))
export class AdminApprovalsController {
  constructor(private readonly approvals: ApprovalService) {}

  @Get()
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('approval.listed')
  async list(@Query() query: ListApprovalsQueryDto) {
    return toPage(await this.approvals.list({ status: query.status }, query), query, toApprovalView);
  }

  @Get(':id')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('approval.viewed')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toApprovalView(await this.approvals.get(id));
  }

  @Post(':id/approval')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('approval.approved')
  @HttpCode(200)
  async approve(@CurrentActor() actor: UserActor, @Param('id', ParseUUIDPipe) id: string) {
    const { approval, user } = await this.approvals.approve(actor, id);
    return { approval: toApprovalView(approval), user: toUserView(user) };
  }

  @Post(':id/rejection')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('approval.rejected')
  @HttpCode(200)
  async reject(@CurrentActor() actor: UserActor, @Param('id', ParseUUIDPipe) id: string) {
    return toApprovalView(await this.approvals.reject(actor, id));
  }
}
