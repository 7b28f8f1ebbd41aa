import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { UserActor, apiPath, AppConfig, Audited, NotAudited, Public, RequirePermission } from '@app/core';
import { AccountService } from './account.service';
import { AllowedWhilePasswordChangeRequired, AllowSessionStages, BackgroundRead } from './authentication.guard';
import { CurrentActor } from './current-actor.decorator';
import { ChangePasswordDto, ConfirmEnrolmentDto, SecondFactorDto, SignInDto } from './dto/identity.dto';
import { IdentityPermission } from './permissions';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { SignInService } from './sign-in.service';
import { SignInThrottlerGuard } from './sign-in-throttler.guard';

const SIGN_IN_THROTTLE = { 'sign-in': {} };

@ApiTags('auth')
@Controller(apiPath('auth'))
export class AuthController {
  constructor(
    private readonly signIns: SignInService,
    private readonly accounts: AccountService,
    private readonly config: AppConfig,
  ) {}

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @UseGuards(SignInThrottlerGuard)
  @Throttle(SIGN_IN_THROTTLE)
  async signIn(@Body() body: SignInDto, @Res({ passthrough: true }) response: Response) {
    const { session, mustChangePassword } = await this.signIns.signIn(body.username, body.password);
    setSessionCookie(response, session, this.config.sessionCookieSecure);
    return { stage: session.stage, csrfToken: session.csrfToken, mustChangePassword };
  }

  @Post('second-factor')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @Audited('sign_in.succeeded')
  @AllowSessionStages('second_factor')
  @AllowedWhilePasswordChangeRequired()
  @HttpCode(200)
  @UseGuards(SignInThrottlerGuard)
  @Throttle(SIGN_IN_THROTTLE)
  async secondFactor(@CurrentActor() actor: UserActor, @Body() body: SecondFactorDto, @Res({ passthrough: true }) response: Response) {
    const session = await this.signIns.verifySecondFactor(actor, body);
    setSessionCookie(response, session, this.config.sessionCookieSecure);
    return { stage: session.stage, csrfToken: session.csrfToken };
  }

  @Post('second-factor/enrolment')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @Audited('second_factor.enrolment_started')
  @AllowSessionStages('enrolment', 'active')
  @AllowedWhilePasswordChangeRequired()
  @HttpCode(200)
  startEnrolment(@CurrentActor() actor: UserActor) {
    return this.accounts.view(actor).then((view) => this.signIns.startEnrolment(actor, view.user.username));
  }

  @Post('second-factor/enrolment/confirm')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @Audited('second_factor.enrolled')
  @AllowSessionStages('enrolment', 'active')
  @AllowedWhilePasswordChangeRequired()
  @HttpCode(200)
  async confirmEnrolment(@CurrentActor() actor: UserActor, @Body() body: ConfirmEnrolmentDto, @Res({ passthrough: true }) response: Response) {
    const { session, recoveryCodes } = await this.signIns.confirmEnrolment(actor, body.code);
    setSessionCookie(response, session, this.config.sessionCookieSecure);
    return { stage: session.stage, csrfToken: session.csrfToken, recoveryCodes };
  }

  @Get('session')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @NotAudited('your own session: who you are and your permissions')
  @AllowedWhilePasswordChangeRequired()
  @BackgroundRead()
  session(@CurrentActor() actor: UserActor) {
    return this.accounts.view(actor);
  }

  @Post('password')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @Audited('password.changed')
  @AllowedWhilePasswordChangeRequired()
  @HttpCode(204)
  changePassword(@CurrentActor() actor: UserActor, @Body() body: ChangePasswordDto) {
    return this.accounts.changePassword(actor, body.currentPassword, body.newPassword);
  }

  @Post('sign-out')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @Audited('session.signed_out')
  @AllowSessionStages('second_factor', 'enrolment', 'active')
  @AllowedWhilePasswordChangeRequired()
  @HttpCode(204)
  async signOut(@CurrentActor() actor: UserActor, @Res({ passthrough: true }) response: Response) {
    await this.accounts.signOut(actor);
    clearSessionCookie(response, this.config.sessionCookieSecure);
  }

  @Post('sign-out-everywhere')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @Audited('session.signed_out_everywhere')
  @AllowedWhilePasswordChangeRequired()
  @HttpCode(200)
  async signOutEverywhere(@CurrentActor() actor: UserActor, @Res({ passthrough: true }) response: Response) {
    const sessionsEnded = await this.accounts.signOutEverywhere(actor);
    clearSessionCookie(response, this.config.sessionCookieSecure);
    return { sessionsEnded };
  }
}
