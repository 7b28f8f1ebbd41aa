import { Injectable } from '@nestjs/common';
import { Clock, Role, StaleVersionException, UserActor } from '@app/core';
import { PageRequest, TransactionRunner } from '@app/database';
import { AccountChanges } from './account-changes';
import { ApprovalRow } from './approval.repository';
import { ApprovalService } from './approval.service';
import { PasswordService } from './password.service';
import { PRIVILEGED_ROLES } from './permissions';
import { SecurityEvents } from './security-events';
import { UserRepository, UserRow } from './user.repository';

export interface NewUser {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  temporaryPassword: string;
}

/** A change either happened, or waits for a second administrator's approval. */
export type AdminOutcome = { done: UserRow } | { awaitingApproval: ApprovalRow };

const privileged = (roles: readonly string[]) => roles.filter((role) => PRIVILEGED_ROLES.includes(role as Role));

/**
 * Administrators manage accounts; they never receive case contents. Every change is a security
 * event in the same transaction; disabling or resetting a password ends the user's sessions at once.
 * Granting the auditor or administrator role, and resetting the password of such an account, waits
 * for a second administrator (ApprovalService).
 */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly users: UserRepository,
    private readonly accounts: AccountChanges,
    private readonly approvals: ApprovalService,
    private readonly passwords: PasswordService,
    private readonly events: SecurityEvents,
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
      const user = await this.accounts.existing(id);
      await this.events.record({ type: 'user.viewed', outcome: 'success', userId: id });
      return user;
    });
  }

  async create(actor: UserActor, input: NewUser): Promise<AdminOutcome> {
    const account = { username: input.username, displayName: input.displayName, unitId: input.unitId, roles: input.roles };
    if (privileged(input.roles).length > 0) {
      // The temporary password is this administrator's part only; the approver adds theirs.
      return this.tx.run(async () => {
        await this.accounts.assertRolesFitUnit(input.roles, input.unitId);
        await this.accounts.assertUsernameFree(input.username);
        return { awaitingApproval: await this.approvals.request(actor, { kind: 'account_creation', ...account, passwordPart: input.temporaryPassword }) };
      });
    }
    this.passwords.assertAcceptable(input.temporaryPassword, 'temporaryPassword', [input.username, input.displayName]);
    return { done: await this.accounts.createAccount({ ...account, passwordHash: await this.passwords.hash(input.temporaryPassword) }) };
  }

  updateProfile(actor: UserActor, id: string, version: number, displayName: string): Promise<UserRow> {
    return this.accounts.change({
      actor,
      id,
      version,
      changes: { displayName },
      event: 'account.updated',
      detail: { fields: ['displayName'] },
      allowSelf: true,
    });
  }

  /** Removing roles takes effect at once; adding auditor or administrator waits for approval. */
  setRoles(actor: UserActor, id: string, version: number, roles: Role[]): Promise<AdminOutcome> {
    return this.tx.run(async () => {
      const user = await this.accounts.existing(id);
      await this.accounts.assertRolesFitUnit(roles, user.unit_id);
      const granted = privileged(roles).filter((role) => !user.roles.includes(role));
      if (granted.length === 0) {
        return {
          done: await this.accounts.change({
            actor,
            id,
            version,
            changes: { roles },
            event: 'role.changed',
            detail: { from: user.roles, to: roles },
            endSessions: 'roles_changed',
          }),
        };
      }
      this.assertRequestable(actor, user, version);
      return { awaitingApproval: await this.approvals.request(actor, { kind: 'role_grant', target: user, version, roles }) };
    });
  }

  disable(actor: UserActor, id: string, version: number): Promise<UserRow> {
    return this.accounts.change({ actor, id, version, changes: { disabledAt: this.clock.now() }, event: 'account.disabled', endSessions: 'user_disabled' });
  }

  enable(actor: UserActor, id: string, version: number): Promise<UserRow> {
    return this.accounts.change({ actor, id, version, changes: { disabledAt: null }, event: 'account.enabled' });
  }

  unlock(actor: UserActor, id: string, version: number): Promise<UserRow> {
    return this.accounts.change({ actor, id, version, changes: { lockedAt: null, failedAttempts: 0, failedWindowStartedAt: null }, event: 'account.unlocked' });
  }

  async resetPassword(actor: UserActor, id: string, version: number, temporaryPassword: string): Promise<AdminOutcome> {
    const user = await this.tx.run(() => this.accounts.existing(id));
    if (privileged(user.roles).length > 0) {
      this.assertRequestable(actor, user, version);
      return { awaitingApproval: await this.approvals.request(actor, { kind: 'password_reset', target: user, version, passwordPart: temporaryPassword }) };
    }
    this.passwords.assertAcceptable(temporaryPassword, 'temporaryPassword', [user.username, user.display_name]);
    const passwordHash = await this.passwords.hash(temporaryPassword);
    const changes = { passwordHash, passwordChangedAt: this.clock.now(), mustChangePassword: true };
    return { done: await this.accounts.change({ actor, id, version, changes, event: 'password.reset', endSessions: 'password_reset' }) };
  }

  /** The same rules a direct change would meet, checked when asking rather than only when approving. */
  private assertRequestable(actor: UserActor, user: UserRow, version: number): void {
    this.accounts.assertNotSelf(actor, user.id);
    if (user.version !== version) throw new StaleVersionException(user.version);
  }
}
