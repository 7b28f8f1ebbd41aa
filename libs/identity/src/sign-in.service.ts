import { HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig, Clock, DomainException, KeyedHasher, RequestContext, RolePermissions, UserActor } from '@app/core';
import { TransactionRunner } from '@app/database';
import { FailedProofs, FailureReason } from './failed-proofs';
import { IdentityErrorCode, invalidCredentials, ruleBroken } from './identity.exception';
import { PasswordService } from './password.service';
import { requiresSecondFactor } from './permissions';
import { SecurityEvents } from './security-events';
import { IssuedSession, SessionService } from './session.service';
import { SessionStage } from './session.repository';
import { TotpService } from './totp.service';
import { SignInCandidate, UserRepository } from './user.repository';

/** Why a sign-in step failed: a wrong password or code (these count toward the lockout), or the account's standing. */

export interface SignInResult {
  session: IssuedSession;
  mustChangePassword: boolean;
}

const invalidSecondFactor = () =>
  new DomainException(IdentityErrorCode.INVALID_SECOND_FACTOR, HttpStatus.UNAUTHORIZED, 'The code is not correct or was already used');

const alreadyEnrolled = () => new DomainException(IdentityErrorCode.SECOND_FACTOR_ALREADY_ENROLLED, HttpStatus.CONFLICT, 'A second factor is already enrolled');

/**
 * Password, then the second factor where required. Unknown user, wrong password, locked and disabled
 * accounts all get the same answer after the same work (one argon2 verification), and every failure
 * is recorded in a transaction of its own, so the failing request cannot roll it back.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly totp: TotpService,
    private readonly sessions: SessionService,
    private readonly events: SecurityEvents,
    private readonly tx: TransactionRunner,
    private readonly context: RequestContext,
    private readonly hasher: KeyedHasher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly rolePermissions: RolePermissions,
    private readonly failures: FailedProofs,
  ) {}

  async signIn(username: string, password: string): Promise<SignInResult> {
    const candidate = await this.tx.run(() => this.users.findForSignIn(username));
    if (!candidate) {
      await this.passwords.verifyDecoy(password);
      await this.tx.runSeparately(() =>
        this.events.record({ type: 'sign_in.failed', outcome: 'failure', subjectHash: this.hasher.hash('sign_in_name', username.trim().toLowerCase()) }),
      );
      throw invalidCredentials();
    }
    const passwordMatches = await this.passwords.verify(candidate.password_hash, password);
    if (!passwordMatches || candidate.locked || candidate.disabled) {
      await this.failures.record(candidate.id, 'password', candidate.disabled ? 'disabled' : candidate.locked ? 'locked' : 'password');
      throw invalidCredentials();
    }
    this.actAs(candidate);
    const stage = this.stageAfterPassword(candidate);
    const session = await this.tx.run(async () => {
      if (stage === 'active') await this.completeSignIn(candidate.id, 'password', password, candidate.password_hash);
      return this.sessions.issue(candidate.id, stage);
    });
    return { session, mustChangePassword: candidate.must_change_password };
  }

  /**
   * Second step: a TOTP code (each time step once) or a one-time recovery code. The account is held
   * to the same standing as at the password step (a lockout or a disabling since then ends it), and a
   * wrong code counts toward the lockout like a wrong password.
   */
  async verifySecondFactor(actor: UserActor, proof: { code?: string; recoveryCode?: string }): Promise<IssuedSession> {
    const outcome = await this.tx.run(async (): Promise<{ session: IssuedSession } | { refused: FailureReason }> => {
      const refused = await this.standingRefusal(actor.userId);
      if (refused) return { refused };
      const method = await this.acceptedProof(actor.userId, proof);
      if (!method) return { refused: 'code' };
      if (method === 'recovery_code') await this.events.record({ type: 'recovery_code.used', outcome: 'success', userId: actor.userId });
      return { session: await this.promote(actor, method) };
    });
    if ('session' in outcome) return outcome.session;
    await this.failures.record(actor.userId, 'second_factor', outcome.refused);
    throw invalidSecondFactor();
  }

  private async acceptedProof(userId: string, proof: { code?: string; recoveryCode?: string }): Promise<'totp' | 'recovery_code' | undefined> {
    const stored = await this.users.secondFactorOf(userId);
    if (!stored?.totp_enabled || !stored.totp_secret_enc) return undefined;
    if (proof.recoveryCode) {
      return (await this.users.consumeRecoveryCode(userId, this.totp.hashRecoveryCode(proof.recoveryCode))) ? 'recovery_code' : undefined;
    }
    const secret = this.totp.open(userId, stored.totp_secret_enc);
    const step = this.totp.acceptedStep(secret, proof.code ?? '', stored.totp_last_step === null ? null : Number(stored.totp_last_step));
    return step !== null && (await this.users.claimTotpStep(userId, step)) ? 'totp' : undefined;
  }

  /** Why a half-signed-in user may not finish now; checked under the row lock (see lockStandingForSignIn). */
  private async standingRefusal(userId: string): Promise<'locked' | 'disabled' | undefined> {
    const standing = await this.users.lockStandingForSignIn(userId);
    if (!standing || standing.disabled) return 'disabled';
    return standing.locked ? 'locked' : undefined;
  }

  /** Enrolment, step one: a new secret, shown once as an otpauth URI (for a QR code) and as text. */
  async startEnrolment(
    actor: UserActor,
    session: { stage: SessionStage; username: string },
    currentPassword?: string,
  ): Promise<{ secret: string; otpauthUri: string }> {
    // Signed in already: whoever holds the cookie (a stolen one, an unattended screen) must not bind
    // an app of their own and lock the owner out. During the enrolment stage the password was just given.
    if (session.stage === 'active') await this.reauthenticate(actor.userId, currentPassword);
    const secret = this.totp.newSecret();
    await this.tx.run(async () => {
      const stored = await this.users.secondFactorOf(actor.userId);
      if (stored?.totp_enabled) throw alreadyEnrolled();
      await this.users.storePendingTotpSecret(actor.userId, this.totp.seal(actor.userId, secret));
      await this.events.record({ type: 'second_factor.enrolment_started', outcome: 'success', userId: actor.userId });
    });
    return { secret, otpauthUri: this.totp.otpauthUri(session.username, secret) };
  }

  /** Enrolment, step two: a code from the new secret proves the app has it; recovery codes are shown once. */
  async confirmEnrolment(actor: UserActor, code: string): Promise<{ session: IssuedSession; recoveryCodes: string[] }> {
    return this.tx.run(async () => {
      if (await this.standingRefusal(actor.userId)) throw invalidSecondFactor();
      const stored = await this.users.secondFactorOf(actor.userId);
      if (stored?.totp_enabled) throw alreadyEnrolled();
      if (!stored?.totp_secret_enc) throw invalidSecondFactor();
      const step = this.totp.acceptedStep(this.totp.open(actor.userId, stored.totp_secret_enc), code, null);
      if (step === null) throw invalidSecondFactor();
      const recovery = this.totp.newRecoveryCodes();
      await this.users.enableTotp(actor.userId, step, recovery.hashes, this.clock.now());
      await this.events.record({ type: 'second_factor.enrolled', outcome: 'success', userId: actor.userId });
      return { session: await this.promote(actor, 'totp_enrolment'), recoveryCodes: recovery.codes };
    });
  }

  private stageAfterPassword(candidate: SignInCandidate): SessionStage {
    if (candidate.totp_enabled) return 'second_factor';
    return requiresSecondFactor(candidate.roles, this.config.totpRequiredForAll) ? 'enrolment' : 'active';
  }

  /** The half-signed-in session ends and a fully signed-in one, with new tokens, takes its place. */
  private async promote(actor: UserActor, method: string): Promise<IssuedSession> {
    if (actor.sessionId) await this.sessions.revoke(actor.sessionId, 'second_factor_done');
    await this.completeSignIn(actor.userId, method);
    return this.sessions.issue(actor.userId, 'active');
  }

  private async completeSignIn(userId: string, method: string, password?: string, hash?: string): Promise<void> {
    const rehashed = password && hash && this.passwords.needsRehash(hash) ? await this.passwords.hash(password) : undefined;
    await this.users.recordSignIn(userId, this.clock.now(), rehashed);
    await this.events.record({ type: 'sign_in.succeeded', outcome: 'success', userId, detail: { method, rehashed: Boolean(rehashed) } });
  }

  /** The current password again; a wrong one is a refused proof like any other (counted, recorded on its own). */
  private async reauthenticate(userId: string, currentPassword: string | undefined): Promise<void> {
    const hash = await this.tx.run(() => this.users.passwordHashOf(userId));
    if (hash && currentPassword && (await this.passwords.verify(hash, currentPassword))) return;
    await this.failures.record(userId, 'reauthentication', 'password');
    throw ruleBroken(IdentityErrorCode.CURRENT_PASSWORD_INCORRECT, 'Enter your current password to bind a new authenticator app', 'currentPassword');
  }

  private actAs(candidate: SignInCandidate): void {
    this.context.setActor({
      kind: 'user',
      userId: candidate.id,
      unitId: candidate.unit_id,
      roles: candidate.roles,
      permissions: this.rolePermissions.permissionsFor(candidate.roles),
    });
  }
}
