import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { randomUUID } from 'node:crypto';
import { Clock, DomainException, FieldCipher, RequestValidationException, Role, UserActor } from '@app/core';
import { PageRequest, TransactionRunner } from '@app/database';
import { AccountChanges } from './account-changes';
import { APPROVAL_LIFECYCLE, ApprovalKind, ApprovalRepository, ApprovalRow, ApprovalStatus, ApprovalWithSecret } from './approval.repository';
import { IdentityErrorCode, ruleBroken } from './identity.exception';
import { PasswordService } from './password.service';
import { SecurityEvents } from './security-events';
import { UserRow } from './user.repository';

/** How long a request waits for its second administrator. */
export const APPROVAL_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type PrivilegedRequest =
  | { kind: 'account_creation'; username: string; displayName: string; unitId: string; roles: Role[]; passwordPart: string }
  | { kind: 'role_grant'; target: UserRow; version: number; roles: Role[] }
  | { kind: 'password_reset'; target: UserRow; version: number; passwordPart: string };

/** Each administrator's part of a new temporary password (dual control); together 16–128 characters. */
export const PASSWORD_PART_MIN = 8;
export const PASSWORD_PART_MAX = 64;

const partContext = (approvalId: string) => `approval_request.password_part:${approvalId}`;

/**
 * Separation of duties for the changes that decide who can read the whole trail or change who can:
 * one administrator asks, a second approves (or either rejects), each step a security event. The
 * change is applied, in the approving transaction, exactly as asked. A new temporary password (an
 * account's first, or a reset) is the requester's part followed by the approver's part: neither knows
 * it alone, so neither can sign in as the account (and, for a new administrator, approve their own
 * requests with it). Each tells the person their part.
 */
@Injectable()
export class ApprovalService {
  constructor(
    private readonly approvals: ApprovalRepository,
    private readonly accounts: AccountChanges,
    private readonly events: SecurityEvents,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
    private readonly passwords: PasswordService,
  ) {}

  request(actor: UserActor, request: PrivilegedRequest): Promise<ApprovalRow> {
    const now = this.clock.now();
    const id = randomUUID();
    if ('passwordPart' in request) assertPart(request.passwordPart, 'temporaryPassword');
    return this.tx.run(async () => {
      const approval = await this.approvals.insert({
        id,
        ...this.storedForm(id, request),
        requestedBy: actor.userId,
        at: now,
        expiresAt: new Date(now.getTime() + APPROVAL_LIFETIME_MS),
      });
      await this.events.record({
        type: 'approval.requested',
        outcome: 'success',
        userId: approval.target_user_id ?? undefined,
        detail: { approvalId: approval.id, kind: approval.kind, roles: approval.payload.roles ?? null },
      });
      return approval;
    });
  }

  list(filter: { status?: ApprovalStatus }, page: PageRequest) {
    return this.tx.run(async () => {
      const result = await this.approvals.list(filter, page);
      await this.events.record({ type: 'approval.listed', outcome: 'success', detail: { status: filter.status ?? null, returned: result.items.length } });
      return result;
    });
  }

  get(id: string): Promise<ApprovalRow> {
    return this.tx.run(async () => {
      const approval = await this.existing(id);
      await this.events.record({ type: 'approval.viewed', outcome: 'success', userId: approval.target_user_id ?? undefined, detail: { approvalId: id } });
      return approval;
    });
  }

  /**
   * A second administrator approves: the request is decided and its change applied, or neither. A
   * new temporary password is hashed before the transaction opens (argon2 takes a while).
   */
  async approve(actor: UserActor, id: string, approverPart?: string): Promise<{ approval: ApprovalRow; user: UserRow }> {
    const asked = await this.tx.run(() => this.existingWithSecret(id));
    this.assertMayDecide(actor, asked, 'approve', this.clock.now());
    const passwordHash = asked.password_part_enc ? await this.combinedPasswordHash(asked, approverPart) : undefined;
    return this.tx.run(async () => {
      const pending = await this.decide(actor, id, 'approve');
      const user = await this.apply(actor, pending, passwordHash);
      await this.events.record({
        type: 'approval.approved',
        outcome: 'success',
        userId: user.id,
        detail: { approvalId: id, kind: pending.kind, requestedBy: pending.requested_by },
      });
      return { approval: await this.existing(id), user };
    });
  }

  /** Either administrator (the requester withdrawing, or another refusing) ends a pending request. */
  reject(actor: UserActor, id: string): Promise<ApprovalRow> {
    return this.tx.run(async () => {
      const pending = await this.decide(actor, id, 'reject');
      await this.events.record({
        type: 'approval.rejected',
        outcome: 'success',
        userId: pending.target_user_id ?? undefined,
        detail: { approvalId: id, kind: pending.kind, byRequester: pending.requested_by === actor.userId },
      });
      return this.existing(id);
    });
  }

  /** Who may approve, and until when: checked before the password is hashed and again when deciding. */
  private assertMayDecide(actor: UserActor, approval: ApprovalRow, action: 'approve' | 'reject', now: Date): void {
    if (action !== 'approve') return;
    if (approval.requested_by === actor.userId) throw ruleBroken(IdentityErrorCode.APPROVER_IS_REQUESTER, 'A second administrator must approve this change');
    if (approval.status === 'pending' && approval.expires_at.getTime() <= now.getTime()) {
      throw new DomainException(IdentityErrorCode.APPROVAL_EXPIRED, HttpStatus.CONFLICT, 'This request has expired; ask again');
    }
  }

  private async decide(actor: UserActor, id: string, action: 'approve' | 'reject'): Promise<ApprovalWithSecret> {
    const approval = await this.existingWithSecret(id);
    const now = this.clock.now();
    this.assertMayDecide(actor, approval, action, now);
    await APPROVAL_LIFECYCLE.apply(this.tx.manager, {
      id,
      action,
      at: now,
      actor: { userId: actor.userId, unitId: actor.unitId },
      reasonCode: action === 'reject' && approval.requested_by === actor.userId ? 'withdrawn' : undefined,
      // Decided: the requester's password part has served (or will never serve) its purpose.
      set: { decided_by: actor.userId, decided_at: now, password_part_enc: null },
    });
    return approval;
  }

  private apply(actor: UserActor, approval: ApprovalWithSecret, passwordHash: string | undefined): Promise<UserRow> {
    const detail = { approvalId: approval.id, requestedBy: approval.requested_by };
    const { payload } = approval;
    switch (approval.kind satisfies ApprovalKind) {
      case 'account_creation':
        return this.accounts.createAccount(
          {
            username: payload.username!,
            displayName: payload.displayName!,
            unitId: payload.unitId!,
            roles: payload.roles as Role[],
            passwordHash: passwordHash!,
          },
          detail,
        );
      case 'role_grant':
        return this.accounts.change({
          actor,
          id: approval.target_user_id!,
          version: approval.target_version!,
          changes: { roles: payload.roles! },
          event: 'role.changed',
          detail: { ...detail, to: payload.roles },
          endSessions: 'roles_changed',
        });
      case 'password_reset':
        return this.accounts.change({
          actor,
          id: approval.target_user_id!,
          version: approval.target_version!,
          changes: { passwordHash: passwordHash!, passwordChangedAt: this.clock.now(), mustChangePassword: true },
          event: 'password.reset',
          detail,
          endSessions: 'password_reset',
        });
    }
  }

  /** The requester's part, then the approver's: the whole must be a password zxcvbn accepts. */
  private async combinedPasswordHash(approval: ApprovalWithSecret, approverPart: string | undefined): Promise<string> {
    if (approverPart === undefined) {
      throw ruleBroken(IdentityErrorCode.PASSWORD_PART_REQUIRED, 'Give your part of the new temporary password', 'temporaryPasswordPart');
    }
    assertPart(approverPart, 'temporaryPasswordPart');
    const combined = this.cipher.decrypt(approval.password_part_enc!, partContext(approval.id)) + approverPart;
    this.passwords.assertAcceptable(combined, 'temporaryPasswordPart', [approval.payload.username ?? '', approval.payload.displayName ?? '']);
    return this.passwords.hash(combined);
  }

  private async existingWithSecret(id: string): Promise<ApprovalWithSecret> {
    const approval = await this.approvals.findWithSecret(id);
    if (!approval) throw await this.audit.notFound('approval_request', id);
    return approval;
  }

  private storedForm(id: string, request: PrivilegedRequest) {
    switch (request.kind) {
      case 'account_creation':
        return {
          kind: request.kind,
          payload: { username: request.username.toLowerCase(), displayName: request.displayName, unitId: request.unitId, roles: request.roles },
          passwordPartEnc: this.cipher.encrypt(request.passwordPart, partContext(id)),
        };
      case 'role_grant':
        return { kind: request.kind, targetUserId: request.target.id, targetVersion: request.version, payload: { roles: request.roles } };
      case 'password_reset':
        return {
          kind: request.kind,
          targetUserId: request.target.id,
          targetVersion: request.version,
          payload: {},
          passwordPartEnc: this.cipher.encrypt(request.passwordPart, partContext(id)),
        };
    }
  }

  private async existing(id: string): Promise<ApprovalRow> {
    const approval = await this.approvals.findById(id);
    if (!approval) throw await this.audit.notFound('approval_request', id);
    return approval;
  }
}

/** Each part alone long enough that the other administrator cannot guess it (code points, so Arabic counts right). */
function assertPart(part: string, field: string): void {
  const length = [...part].length;
  if (length < PASSWORD_PART_MIN || length > PASSWORD_PART_MAX) {
    throw new RequestValidationException([
      { field, code: 'PASSWORD_PART_LENGTH', message: `${field} is one administrator's part: ${PASSWORD_PART_MIN} to ${PASSWORD_PART_MAX} characters` },
    ]);
  }
}
