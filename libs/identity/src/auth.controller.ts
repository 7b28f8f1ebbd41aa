import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { UserActor, apiPath, ApiErrors, AppConfig, Audited, CoreErrorCode, NotAudited, Public, RequirePermission } from '@app/core';
import { AccountService } from './account.service';
import { AllowedWhilePasswordChangeRequired, AllowSessionStages, BackgroundRead } from './authentication.guard';
import { CurrentActor, CurrentSession } from './current-actor.decorator';
import { ResumedSession } from './session.service';
import { ChangePasswordDto, ConfirmEnrolmentDto, SecondFactorDto, SignInDto, StartEnrolmentDto } from './dto/identity.dto';
import { IdentityErrorCode } from './identity.exception';
import { EnrolmentConfirmedView, EnrolmentView, SessionsEndedView, SessionStepView, SessionView, SignInView } from './identity.views';
import { IdentityPermission } from './permissions';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { SignInService } from './sign-in.service';
import { SignInThrottlerGuard } from './sign-in-throttler.guard';

const SIGN_IN_THROTTLE = { 'sign-in': {} };

const SETS_SESSION_COOKIE = {
  'Set-Cookie': { description: 'The new session: `sid=…; Path=/; HttpOnly; SameSite=Strict` (and `Secure` outside tests)', schema: { type: 'string' } },
};
const CLEARS_SESSION_COOKIE = { 'Set-Cookie': { description: 'Clears `sid`', schema: { type: 'string' } } };

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
  @ApiOkResponse({ type: SignInView, headers: SETS_SESSION_COOKIE, description: 'Signed in, or half signed in: `stage` says what is still needed' })
  @ApiErrors(IdentityErrorCode.INVALID_CREDENTIALS, CoreErrorCode.RATE_LIMITED, CoreErrorCode.SERVICE_UNAVAILABLE)
  async signIn(@Body() body: SignInDto, @Res({ passthrough: true }) response: Response): Promise<SignInView> {
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
  @ApiOkResponse({ type: SessionStepView, headers: SETS_SESSION_COOKIE, description: 'Signed in (`stage` active): a new session and CSRF token' })
  @ApiErrors(IdentityErrorCode.INVALID_SECOND_FACTOR, CoreErrorCode.RATE_LIMITED)
  async secondFactor(
    @CurrentActor() actor: UserActor,
    @Body() body: SecondFactorDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionStepView> {
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
  @ApiOkResponse({ type: EnrolmentView, description: 'A new secret, pending until confirmed' })
  @ApiErrors(IdentityErrorCode.SECOND_FACTOR_ALREADY_ENROLLED, IdentityErrorCode.CURRENT_PASSWORD_INCORRECT)
  startEnrolment(@CurrentActor() actor: UserActor, @CurrentSession() session: ResumedSession, @Body() body: StartEnrolmentDto): Promise<EnrolmentView> {
    return this.signIns.startEnrolment(actor, session, body.currentPassword);
  }

  @Post('second-factor/enrolment/confirm')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @Audited('second_factor.enrolled')
  @AllowSessionStages('enrolment', 'active')
  @AllowedWhilePasswordChangeRequired()
  @HttpCode(200)
  @ApiOkResponse({
    type: EnrolmentConfirmedView,
    headers: SETS_SESSION_COOKIE,
    description: 'Enrolled and signed in: a new session, CSRF token and recovery codes',
  })
  @ApiErrors(IdentityErrorCode.INVALID_SECOND_FACTOR, IdentityErrorCode.SECOND_FACTOR_ALREADY_ENROLLED)
  async confirmEnrolment(
    @CurrentActor() actor: UserActor,
    @Body() body: ConfirmEnrolmentDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EnrolmentConfirmedView> {
    const { session, recoveryCodes } = await this.signIns.confirmEnrolment(actor, body.code);
    setSessionCookie(response, session, this.config.sessionCookieSecure);
    return { stage: session.stage, csrfToken: session.csrfToken, recoveryCodes };
  }

  @Get('session')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @NotAudited('your own session: who you are and your permissions')
  @AllowedWhilePasswordChangeRequired()
  @BackgroundRead()
  @ApiOkResponse({ type: SessionView })
  session(@CurrentSession() session: ResumedSession) {
    return this.accounts.view(session);
  }

  @Post('password')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @Audited('password.changed')
  @AllowedWhilePasswordChangeRequired()
  @HttpCode(204)
  @UseGuards(SignInThrottlerGuard)
  @Throttle(SIGN_IN_THROTTLE)
  @ApiNoContentResponse({ description: 'Changed; your other sessions ended, this one stays' })
  @ApiErrors(IdentityErrorCode.CURRENT_PASSWORD_INCORRECT, IdentityErrorCode.WEAK_PASSWORD, CoreErrorCode.RATE_LIMITED)
  changePassword(@CurrentActor() actor: UserActor, @Body() body: ChangePasswordDto) {
    return this.accounts.changePassword(actor, body.currentPassword, body.newPassword);
  }

  @Post('sign-out')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @Audited('session.signed_out')
  @AllowSessionStages('second_factor', 'enrolment', 'active')
  @AllowedWhilePasswordChangeRequired()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out', headers: CLEARS_SESSION_COOKIE })
  async signOut(@CurrentActor() actor: UserActor, @Res({ passthrough: true }) response: Response) {
    await this.accounts.signOut(actor);
    clearSessionCookie(response, this.config.sessionCookieSecure);
  }

  @Post('sign-out-everywhere')
  @RequirePermission(IdentityPermission.OwnSessionManage)
  @Audited('session.signed_out_everywhere')
  @AllowedWhilePasswordChangeRequired()
  @HttpCode(200)
  @ApiOkResponse({ type: SessionsEndedView, headers: CLEARS_SESSION_COOKIE, description: 'Every session of yours ended, this one too' })
  async signOutEverywhere(@CurrentActor() actor: UserActor, @Res({ passthrough: true }) response: Response): Promise<SessionsEndedView> {
    const sessionsEnded = await this.accounts.signOutEverywhere(actor);
    clearSessionCookie(response, this.config.sessionCookieSecure);
    return { sessionsEnded };
  }
}
