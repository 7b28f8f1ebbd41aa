import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock, DomainException, Role, UserActor } from '@app/core';
import { TransactionRunner } from '@app/database';
import { IdentityErrorCode, ruleBroken, staleVersion } from './identity.exception';
import { PasswordService } from './password.service';
import { ROLE_UNIT_KIND } from './permissions';
import { SecurityEvents, SecurityEventType } from './security-events';
import { SessionService } from './session.service';
import { UnitRepository } from './unit.repository';
import { UpdatableUserColumn, UserRepository, UserRow } from './user.repository';

export interface NewUser {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  temporaryPassword: string;
}

/**
 * Administrators manage accounts; they never receive case contents. Every change is a security
 * event in the same transaction; disabling or resetting a password ends the user's sessions at once.
 */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly users: UserRepository,
    private readonly units: UnitRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly events: SecurityEvents,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  list(filter: { unitId?: string }, page: number, pageSize: number) {
    return this.tx.run(async () => {
      const result = await this.users.list(filter, page, pageSize);
      await this.events.record({
        type: 'user.listed',
        outcome: 'success',
        detail: { unitFilter: Boolean(filter.unitId), page, returned: result.items.length },
      });
      return result;
    });
  }

  get(id: string): Promise<UserRow> {
    return this.tx.run(async () => {
      const user = await this.existing(id);
      await this.events.record({ type: 'user.viewed', outcome: 'success', userId: id });
      return user;
    });
  }

  async create(input: NewUser): Promise<UserRow> {
    this.passwords.assertAcceptable(input.temporaryPassword, 'temporaryPassword', [input.username, input.displayName]);
    const passwordHash = await this.passwords.hash(input.temporaryPassword);
    return this.tx.run(async () => {
      await this.assertRolesFitUnit(input.roles, input.unitId);
      const created = await this.users.insert({ ...input, username: input.username.toLowerCase(), passwordHash, at: this.clock.now() });
      if (!created) throw new DomainException(IdentityErrorCode.USERNAME_TAKEN, HttpStatus.CONFLICT, 'That user name is taken');
      await this.events.record({ type: 'account.created', outcome: 'success', userId: created.id, detail: { roles: input.roles } });
      return created;
    });
  }

  updateProfile(actor: UserActor, id: string, version: number, displayName: string): Promise<UserRow> {
    return this.change(actor, id, version, { display_name: displayName }, 'account.updated', { fields: ['displayName'] }, { allowSelf: true });
  }

  async setRoles(actor: UserActor, id: string, version: number, roles: Role[]): Promise<UserRow> {
    return this.tx.run(async () => {
      const user = await this.existing(id);
      await this.assertRolesFitUnit(roles, user.unit_id);
      return this.change(actor, id, version, { roles }, 'role.changed', { from: user.roles, to: roles });
    });
  }

  disable(actor: UserActor, id: string, version: number): Promise<UserRow> {
    return this.change(actor, id, version, { disabled_at: this.clock.now() }, 'account.disabled', {}, { endSessions: 'user_disabled' });
  }

  enable(actor: UserActor, id: string, version: number): Promise<UserRow> {
    return this.change(actor, id, version, { disabled_at: null }, 'account.enabled', {});
  }

  unlock(actor: UserActor, id: string, version: number): Promise<UserRow> {
    return this.change(actor, id, version, { locked_at: null, failed_attempts: 0, failed_window_started_at: null }, 'account.unlocked', {});
  }

  async resetPassword(actor: UserActor, id: string, version: number, temporaryPassword: string): Promise<UserRow> {
    const user = await this.tx.run(() => this.existing(id));
    this.passwords.assertAcceptable(temporaryPassword, 'temporaryPassword', [user.username, user.display_name]);
    const hash = await this.passwords.hash(temporaryPassword);
    const changes = { password_hash: hash, password_changed_at: this.clock.now(), must_change_password: true };
    return this.change(actor, id, version, changes, 'password.reset', {}, { endSessions: 'password_reset' });
  }

  /** One versioned change of a user, its security event, and (for disable/reset) the end of their sessions. */
  private change(
    actor: UserActor,
    id: string,
    version: number,
    changes: Partial<Record<UpdatableUserColumn, unknown>>,
    eventType: SecurityEventType,
    detail: Record<string, unknown>,
    options: { endSessions?: 'user_disabled' | 'password_reset'; allowSelf?: boolean } = {},
  ): Promise<UserRow> {
    return this.tx.run(async () => {
      if (id === actor.userId && !options.allowSelf) {
        throw ruleBroken(IdentityErrorCode.CANNOT_CHANGE_OWN_ACCESS, 'Administrators cannot change their own access; ask another administrator');
      }
      const current = await this.existing(id);
      const updated = await this.users.update(id, version, this.clock.now(), changes);
      if (!updated) throw staleVersion(current.version);
      const ended = options.endSessions ? await this.sessions.revokeAllOf(id, options.endSessions) : 0;
      await this.events.record({ type: eventType, outcome: 'success', userId: id, detail: { ...detail, ...(ended ? { sessionsEnded: ended } : {}) } });
      return updated;
    });
  }

  private async existing(id: string): Promise<UserRow> {
    const user = await this.users.findById(id);
    if (!user) throw await this.audit.notFound('user', id);
    return user;
  }

  /** A role must fit the unit: counsellors in centres, desk officers in police units, and so on. */
  private async assertRolesFitUnit(roles: Role[], unitId: string): Promise<void> {
    const unit = await this.units.findById(unitId);
    if (!unit) throw ruleBroken(IdentityErrorCode.UNIT_NOT_FOUND, 'No such unit', 'unitId');
    const misfits = roles.filter((role) => ROLE_UNIT_KIND[role] !== unit.kind);
    if (misfits.length > 0) {
      throw ruleBroken(IdentityErrorCode.ROLE_UNIT_MISMATCH, `These roles do not belong in a ${unit.kind}: ${misfits.join(', ')}`, 'roles');
    }
  }
}
