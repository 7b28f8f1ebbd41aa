import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock, DomainException, Role, UserActor } from '@app/core';
import { PageRequest, TransactionRunner } from '@app/database';
import { IdentityErrorCode, ruleBroken } from './identity.exception';
import { PasswordService } from './password.service';
import { ROLE_UNIT_KIND } from './permissions';
import { SecurityEvents, SecurityEventType } from './security-events';
import { SessionService } from './session.service';
import { UnitRepository } from './unit.repository';
import { UserChanges, UserRepository, UserRow } from './user.repository';

export interface NewUser {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  temporaryPassword: string;
}

interface UserChange {
  actor: UserActor;
  id: string;
  version: number;
  changes: UserChanges;
  event: SecurityEventType;
  detail?: Record<string, unknown>;
  endSessions?: 'user_disabled' | 'password_reset';
  /** Only a profile edit may target the administrator's own account. */
  allowSelf?: boolean;
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

  list(filter: { unitId?: string }, page: PageRequest) {
    return this.tx.run(async () => {
      const result = await this.users.list(filter, page);
      await this.events.record({
        type: 'user.listed',
        outcome: 'success',
        detail: { unitFilter: Boolean(filter.unitId), page: page.page, returned: result.items.length },
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
    return this.change({ actor, id, version, changes: { displayName }, event: 'account.updated', detail: { fields: ['displayName'] }, allowSelf: true });
  }

  async setRoles(actor: UserActor, id: string, version: number, roles: Role[]): Promise<UserRow> {
    return this.tx.run(async () => {
      const user = await this.existing(id);
      await this.assertRolesFitUnit(roles, user.unit_id);
      return this.change({ actor, id, version, changes: { roles }, event: 'role.changed', detail: { from: user.roles, to: roles } });
    });
  }

  disable(actor: UserActor, id: string, version: number): Promise<UserRow> {
    return this.change({ actor, id, version, changes: { disabledAt: this.clock.now() }, event: 'account.disabled', endSessions: 'user_disabled' });
  }

  enable(actor: UserActor, id: string, version: number): Promise<UserRow> {
    return this.change({ actor, id, version, changes: { disabledAt: null }, event: 'account.enabled' });
  }

  unlock(actor: UserActor, id: string, version: number): Promise<UserRow> {
    return this.change({ actor, id, version, changes: { lockedAt: null, failedAttempts: 0, failedWindowStartedAt: null }, event: 'account.unlocked' });
  }

  async resetPassword(actor: UserActor, id: string, version: number, temporaryPassword: string): Promise<UserRow> {
    const user = await this.tx.run(() => this.existing(id));
    this.passwords.assertAcceptable(temporaryPassword, 'temporaryPassword', [user.username, user.display_name]);
    const changes = { passwordHash: await this.passwords.hash(temporaryPassword), passwordChangedAt: this.clock.now(), mustChangePassword: true };
    return this.change({ actor, id, version, changes, event: 'password.reset', endSessions: 'password_reset' });
  }

  /** One versioned change of a user, its security event, and (for disable/reset) the end of their sessions. */
  private change(request: UserChange): Promise<UserRow> {
    const { actor, id } = request;
    return this.tx.run(async () => {
      if (id === actor.userId && !request.allowSelf) {
        throw ruleBroken(IdentityErrorCode.CANNOT_CHANGE_OWN_ACCESS, 'Administrators cannot change their own access; ask another administrator');
      }
      const updated = await this.users.update(id, request.version, this.clock.now(), request.changes);
      if (!updated) throw await this.audit.notFound('user', id);
      const ended = request.endSessions ? await this.sessions.revokeAllOf(id, request.endSessions) : 0;
      const detail = { ...request.detail, ...(ended ? { sessionsEnded: ended } : {}) };
      await this.events.record({ type: request.event, outcome: 'success', userId: id, detail });
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
