import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock, DomainException, Role, UserActor } from '@app/core';
import { TransactionRunner } from '@app/database';
import { IdentityErrorCode, ruleBroken } from './identity.exception';
import { ROLE_UNIT_KIND } from './permissions';
import { SecurityEvents, SecurityEventType } from './security-events';
import { SessionService } from './session.service';
import { UnitRepository } from './unit.repository';
import { UserChanges, UserRepository, UserRow } from './user.repository';

export interface AccountToCreate {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  passwordHash: string;
}

export interface UserChange {
  actor: UserActor;
  id: string;
  version: number;
  changes: UserChanges;
  event: SecurityEventType;
  detail?: Record<string, unknown>;
  endSessions?: 'user_disabled' | 'password_reset' | 'roles_changed';
  /** Only a profile edit may target the administrator's own account. */
  allowSelf?: boolean;
}

/**
 * The account writes themselves, each with its security event in the caller's transaction: used
 * directly for ordinary changes, and by the approval service once a second administrator approved
 * a privileged one.
 */
@Injectable()
export class AccountChanges {
  constructor(
    private readonly users: UserRepository,
    private readonly units: UnitRepository,
    private readonly sessions: SessionService,
    private readonly events: SecurityEvents,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  createAccount(account: AccountToCreate, detail: Record<string, unknown> = {}): Promise<UserRow> {
    return this.tx.run(async () => {
      await this.assertRolesFitUnit(account.roles, account.unitId);
      const created = await this.users.insert({ ...account, username: account.username.toLowerCase(), at: this.clock.now() });
      if (!created) throw usernameTaken();
      await this.events.record({ type: 'account.created', outcome: 'success', userId: created.id, detail: { roles: account.roles, ...detail } });
      return created;
    });
  }

  /** One versioned change of a user, its security event, and (for disable/reset) the end of their sessions. */
  change(request: UserChange): Promise<UserRow> {
    const { actor, id } = request;
    return this.tx.run(async () => {
      if (!request.allowSelf) this.assertNotSelf(actor, id);
      const updated = await this.users.update(id, request.version, this.clock.now(), request.changes);
      if (!updated) throw await this.audit.notFound('user', id);
      const ended = request.endSessions ? await this.sessions.revokeAllOf(id, request.endSessions) : 0;
      const detail = { ...request.detail, ...(ended ? { sessionsEnded: ended } : {}) };
      await this.events.record({ type: request.event, outcome: 'success', userId: id, detail });
      return updated;
    });
  }

  assertNotSelf(actor: UserActor, id: string): void {
    if (id === actor.userId) {
      throw ruleBroken(IdentityErrorCode.CANNOT_CHANGE_OWN_ACCESS, 'Administrators cannot change their own access; ask another administrator');
    }
  }

  async existing(id: string): Promise<UserRow> {
    const user = await this.users.findById(id);
    if (!user) throw await this.audit.notFound('user', id);
    return user;
  }

  async assertUsernameFree(username: string): Promise<void> {
    if (await this.users.usernameTaken(username.toLowerCase())) throw usernameTaken();
  }

  /** A role must fit the unit: counsellors in centres, desk officers in police units, and so on. */
  async assertRolesFitUnit(roles: Role[], unitId: string): Promise<void> {
    const unit = await this.units.findById(unitId);
    if (!unit) throw ruleBroken(IdentityErrorCode.UNIT_NOT_FOUND, 'No such unit', 'unitId');
    const misfits = roles.filter((role) => ROLE_UNIT_KIND[role] !== unit.kind);
    if (misfits.length > 0) {
      throw ruleBroken(IdentityErrorCode.ROLE_UNIT_MISMATCH, `These roles do not belong in a ${unit.kind}: ${misfits.join(', ')}`, 'roles');
    }
  }
}

const usernameTaken = () => new DomainException(IdentityErrorCode.USERNAME_TAKEN, HttpStatus.CONFLICT, 'That user name is taken');
