import { Injectable } from '@nestjs/common';
import { Clock, KeyedHasher, RecordNotFoundException, RolePermissions, UserActor } from '@app/core';
import { TransactionRunner } from '@app/database';
import { FailedProofs } from './failed-proofs';
import { IdentityErrorCode, ruleBroken } from './identity.exception';
import { PasswordService } from './password.service';
import { SecurityEvents } from './security-events';
import { ResumedSession, SessionService } from './session.service';
import { csrfTokenFor } from './session-tokens';
import { UserRepository } from './user.repository';
import { SessionView } from './identity.views';

/** What a signed-in user does with their own account and sessions. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly events: SecurityEvents,
    private readonly tx: TransactionRunner,
    private readonly hasher: KeyedHasher,
    private readonly clock: Clock,
    private readonly rolePermissions: RolePermissions,
    private readonly failures: FailedProofs,
  ) {}

  /**
   * The session answer, from the session the guard resumed: one statement served it, so the check
   * the UI polls opens no transaction of its own.
   */
  view(session: ResumedSession): SessionView {
    const { unit } = session;
    return {
      user: {
        id: session.user_id,
        username: session.username,
        displayName: session.display_name,
        roles: session.roles,
        secondFactorEnrolled: session.totp_enabled,
      },
      unit: { id: unit.id, kind: unit.kind, code: unit.code, nameAr: unit.name_ar, nameEn: unit.name_en, timeZone: unit.time_zone },
      permissions: this.rolePermissions.permissionsFor(session.roles),
      mustChangePassword: session.must_change_password,
      csrfToken: csrfTokenFor(this.hasher, session.session_id),
      idleExpiresAt: session.idle_expires_at.toISOString(),
      serverTime: this.clock.now().toISOString(),
    };
  }

  /**
   * Other sessions end; this one stays, so the user is not thrown out of the page they are on. A wrong
   * current password is a refused proof like a wrong sign-in (counted toward the lockout, recorded on
   * its own): a held session must not become a way to guess the password.
   */
  async changePassword(actor: UserActor, currentPassword: string, newPassword: string): Promise<void> {
    const { user, hash } = await this.tx.run(async () => ({
      user: await this.users.findById(actor.userId),
      hash: await this.users.passwordHashOf(actor.userId),
    }));
    if (!user || !hash) throw new RecordNotFoundException();
    if (!(await this.passwords.verify(hash, currentPassword))) {
      await this.failures.record(actor.userId, 'password_change', 'password');
      throw ruleBroken(IdentityErrorCode.CURRENT_PASSWORD_INCORRECT, 'The current password is not correct', 'currentPassword');
    }
    if (currentPassword === newPassword) throw ruleBroken(IdentityErrorCode.WEAK_PASSWORD, 'The new password must differ from the current one', 'newPassword');
    this.passwords.assertAcceptable(newPassword, 'newPassword', [user.username, user.display_name]);
    const newHash = await this.passwords.hash(newPassword);
    await this.tx.run(async () => {
      await this.users.setPassword(actor.userId, newHash, this.clock.now(), false);
      const ended = await this.sessions.revokeAllOf(actor.userId, 'password_changed', actor.sessionId);
      await this.events.record({ type: 'password.changed', outcome: 'success', userId: actor.userId, detail: { sessionsEnded: ended } });
    });
  }

  async signOut(actor: UserActor): Promise<void> {
    await this.tx.run(async () => {
      await this.sessions.revoke(actor.sessionId!, 'sign_out');
      await this.events.record({ type: 'session.signed_out', outcome: 'success', userId: actor.userId });
    });
  }

  async signOutEverywhere(actor: UserActor): Promise<number> {
    return this.tx.run(async () => {
      const ended = await this.sessions.revokeAllOf(actor.userId, 'sign_out_everywhere');
      await this.events.record({ type: 'session.signed_out_everywhere', outcome: 'success', userId: actor.userId, detail: { sessionsEnded: ended } });
      return ended;
    });
  }
}
