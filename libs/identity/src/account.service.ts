import { Injectable } from '@nestjs/common';
import { Clock, KeyedHasher, RecordNotFoundException, RolePermissions, UserActor } from '@app/core';
import { TransactionRunner } from '@app/database';
import { IdentityErrorCode, ruleBroken } from './identity.exception';
import { PasswordService } from './password.service';
import { SecurityEvents } from './security-events';
import { SessionService } from './session.service';
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
  ) {}

  async view(actor: UserActor): Promise<SessionView> {
    return this.tx.run(async () => {
      const user = await this.users.findWithUnit(actor.userId);
      if (!user) throw new RecordNotFoundException();
      const { unit } = user;
      return {
        user: { id: user.id, username: user.username, displayName: user.display_name, roles: user.roles, secondFactorEnrolled: user.totp_enabled },
        unit: { id: unit.id, kind: unit.kind, code: unit.code, nameAr: unit.name_ar, nameEn: unit.name_en, timeZone: unit.time_zone },
        permissions: this.rolePermissions.permissionsFor(user.roles),
        mustChangePassword: user.must_change_password,
        csrfToken: csrfTokenFor(this.hasher, actor.sessionId!),
        idleExpiresAt: this.idleExpiryOf(actor).toISOString(),
      };
    });
  }

  /** Other sessions end; this one stays, so the user is not thrown out of the page they are on. */
  async changePassword(actor: UserActor, currentPassword: string, newPassword: string): Promise<void> {
    await this.tx.run(async () => {
      const [user, hash] = [await this.users.findById(actor.userId), await this.users.passwordHashOf(actor.userId)];
      if (!user || !hash) throw new RecordNotFoundException();
      if (!(await this.passwords.verify(hash, currentPassword))) {
        throw ruleBroken(IdentityErrorCode.CURRENT_PASSWORD_INCORRECT, 'The current password is not correct', 'currentPassword');
      }
      if (currentPassword === newPassword)
        throw ruleBroken(IdentityErrorCode.WEAK_PASSWORD, 'The new password must differ from the current one', 'newPassword');
      this.passwords.assertAcceptable(newPassword, 'newPassword', [user.username, user.display_name]);
      await this.users.setPassword(actor.userId, await this.passwords.hash(newPassword), this.clock.now(), false);
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

  private idleExpiryOf(actor: UserActor): Date {
    if (!actor.idleExpiresAt) throw new Error('The session answer needs the session the guard resumed');
    return actor.idleExpiresAt;
  }
}
