import { Body, Controller, Get, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UserActor, apiPath, ApiErrors, Audited, CoreErrorCode, Page, pageOf, RequirePermission, toPage, UuidParam } from '@app/core';
import { CurrentActor } from './current-actor.decorator';
import { CreateUserDto, ListUsersQueryDto, ResetPasswordDto, SetRolesDto, UpdateUserDto, VersionDto } from './dto/identity.dto';
import { IdentityErrorCode } from './identity.exception';
import { ApprovalView, outcomeView, toUserView, UserView } from './identity.views';
import { IdentityPermission } from './permissions';
import { UserAdminService } from './user-admin.service';

/** A change that grants or resets a privileged account (auditor, administrator) waits for a second administrator. */
const AWAITS_APPROVAL = ApiAcceptedResponse({ type: ApprovalView, description: 'Waiting for a second administrator: the approval request' });
/** The checks of every change to someone else's account (the approval route runs them again when applying it). */
const ACCOUNT_CHANGE_ERRORS = [CoreErrorCode.NOT_FOUND, CoreErrorCode.STALE_VERSION, IdentityErrorCode.CANNOT_CHANGE_OWN_ACCESS] as const;

@ApiTags('admin')
@Controller(apiPath('admin/users'))
export class AdminUsersController {
  constructor(private readonly users: UserAdminService) {}

  @Get()
  @RequirePermission(IdentityPermission.UserRead)
  @Audited('user.listed')
  @ApiOkResponse({ type: pageOf(UserView) })
  async list(@Query() query: ListUsersQueryDto): Promise<Page<UserView>> {
    return toPage(await this.users.list({ unitId: query.unitId }, query), query, toUserView);
  }

  @Get(':id')
  @RequirePermission(IdentityPermission.UserRead)
  @Audited('user.viewed')
  @ApiOkResponse({ type: UserView })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  async get(@UuidParam('id') id: string): Promise<UserView> {
    return toUserView(await this.users.get(id));
  }

  @Post()
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('account.created')
  @ApiCreatedResponse({ type: UserView, description: 'Created' })
  @AWAITS_APPROVAL
  @ApiErrors(IdentityErrorCode.USERNAME_TAKEN, IdentityErrorCode.UNIT_NOT_FOUND, IdentityErrorCode.ROLE_UNIT_MISMATCH, IdentityErrorCode.WEAK_PASSWORD)
  async create(
    @CurrentActor() actor: UserActor,
    @Body() body: CreateUserDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserView | ApprovalView> {
    return outcomeView(response, await this.users.create(actor, body));
  }

  @Patch(':id')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('account.updated')
  @ApiOkResponse({ type: UserView })
  @ApiErrors(CoreErrorCode.NOT_FOUND, CoreErrorCode.STALE_VERSION)
  async update(@CurrentActor() actor: UserActor, @UuidParam('id') id: string, @Body() body: UpdateUserDto): Promise<UserView> {
    return toUserView(await this.users.updateProfile(actor, id, body.version, body.displayName));
  }

  @Put(':id/roles')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('role.changed')
  @ApiOkResponse({ type: UserView, description: 'Changed (removing roles, or adding unprivileged ones)' })
  @AWAITS_APPROVAL
  @ApiErrors(...ACCOUNT_CHANGE_ERRORS, IdentityErrorCode.ROLE_UNIT_MISMATCH)
  async setRoles(
    @CurrentActor() actor: UserActor,
    @UuidParam('id') id: string,
    @Body() body: SetRolesDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserView | ApprovalView> {
    return outcomeView(response, await this.users.setRoles(actor, id, body.version, body.roles));
  }

  @Post(':id/disable')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('account.disabled')
  @HttpCode(200)
  @ApiOkResponse({ type: UserView, description: 'Disabled: the user’s sessions ended' })
  @ApiErrors(...ACCOUNT_CHANGE_ERRORS)
  async disable(@CurrentActor() actor: UserActor, @UuidParam('id') id: string, @Body() body: VersionDto): Promise<UserView> {
    return toUserView(await this.users.disable(actor, id, body.version));
  }

  @Post(':id/enable')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('account.enabled')
  @HttpCode(200)
  @ApiOkResponse({ type: UserView, description: 'Enabled' })
  @ApiErrors(...ACCOUNT_CHANGE_ERRORS)
  async enable(@CurrentActor() actor: UserActor, @UuidParam('id') id: string, @Body() body: VersionDto): Promise<UserView> {
    return toUserView(await this.users.enable(actor, id, body.version));
  }

  @Post(':id/unlock')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('account.unlocked')
  @HttpCode(200)
  @ApiOkResponse({ type: UserView, description: 'Unlocked: failed sign-ins forgotten' })
  @ApiErrors(...ACCOUNT_CHANGE_ERRORS)
  async unlock(@CurrentActor() actor: UserActor, @UuidParam('id') id: string, @Body() body: VersionDto): Promise<UserView> {
    return toUserView(await this.users.unlock(actor, id, body.version));
  }

  @Post(':id/reset-password')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('password.reset')
  @HttpCode(200)
  @ApiOkResponse({ type: UserView, description: 'Reset: the user’s sessions ended, and they change the password at next sign-in' })
  @AWAITS_APPROVAL
  @ApiErrors(...ACCOUNT_CHANGE_ERRORS, IdentityErrorCode.WEAK_PASSWORD)
  async resetPassword(
    @CurrentActor() actor: UserActor,
    @UuidParam('id') id: string,
    @Body() body: ResetPasswordDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserView | ApprovalView> {
    return outcomeView(response, await this.users.resetPassword(actor, id, body.version, body.temporaryPassword));
  }
}
