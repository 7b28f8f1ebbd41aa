import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { UserActor, apiPath, Audited, RequirePermission, toPage } from '@app/core';
import { CurrentActor } from './current-actor.decorator';
import { CreateUserDto, ListUsersQueryDto, ResetPasswordDto, SetRolesDto, UpdateUserDto, VersionDto } from './dto/identity.dto';
import { outcomeView, toUserView } from './identity.views';
import { IdentityPermission } from './permissions';
import { UserAdminService } from './user-admin.service';

@ApiTags('admin')
@Controller(apiPath('admin/users'))
export class AdminUsersController {
  constructor(private readonly users: UserAdminService) {}

  @Get()
  @RequirePermission(IdentityPermission.UserRead)
  @Audited('user.listed')
  async list(@Query() query: ListUsersQueryDto) {
    return toPage(await this.users.list({ unitId: query.unitId }, query), query, toUserView);
  }

  @Get(':id')
  @RequirePermission(IdentityPermission.UserRead)
  @Audited('user.viewed')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toUserView(await this.users.get(id));
  }

  @Post()
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('account.created')
  async create(@CurrentActor() actor: UserActor, @Body() body: CreateUserDto, @Res({ passthrough: true }) response: Response) {
    return outcomeView(response, await this.users.create(actor, body));
  }

  @Patch(':id')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('account.updated')
  async update(@CurrentActor() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto) {
    return toUserView(await this.users.updateProfile(actor, id, body.version, body.displayName));
  }

  @Put(':id/roles')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('role.changed')
  async setRoles(
    @CurrentActor() actor: UserActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SetRolesDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    return outcomeView(response, await this.users.setRoles(actor, id, body.version, body.roles));
  }

  @Post(':id/disable')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('account.disabled')
  @HttpCode(200)
  async disable(@CurrentActor() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: VersionDto) {
    return toUserView(await this.users.disable(actor, id, body.version));
  }

  @Post(':id/enable')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('account.enabled')
  @HttpCode(200)
  async enable(@CurrentActor() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: VersionDto) {
    return toUserView(await this.users.enable(actor, id, body.version));
  }

  @Post(':id/unlock')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('account.unlocked')
  @HttpCode(200)
  async unlock(@CurrentActor() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: VersionDto) {
    return toUserView(await this.users.unlock(actor, id, body.version));
  }

  @Post(':id/reset-password')
  @RequirePermission(IdentityPermission.UserManage)
  @Audited('password.reset')
  @HttpCode(200)
  async resetPassword(
    @CurrentActor() actor: UserActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResetPasswordDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    return outcomeView(response, await this.users.resetPassword(actor, id, body.version, body.temporaryPassword));
  }
}
