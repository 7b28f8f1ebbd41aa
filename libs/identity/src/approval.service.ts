import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock, DomainException, Role, UserActor } from '@app/core';
import { PageRequest, TransactionRunner } from '@app/database';
import { AccountChanges } from './account-changes';
import { APPROVAL_LIFECYCLE, ApprovalKind, ApprovalRepository, ApprovalRow, ApprovalStatus, ApprovalWithSecret } from './approval.repository';
import { IdentityErrorCode, ruleBroken } from './identity.exception';
import { SecurityEvents } from './security-events';
import { UserRow } from './user.repository';

/** How long a request waits for its second administrator. */
export const APPROVAL_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type PrivilegedRequest =
  | { kind: 'account_creation'; username: string; displayName: string; unitId: string; roles: Role[]; passwordHash: string }
  | { kind: 'role_grant'; target: UserRow; version: number; roles: Role[] }
  | { kind: 'password_reset'; target: UserRow; version: number; passwordHash: string };

/**
 * Separation of duties for the changes that decide who can read the whole trail or change who can:
 * one administrator asks, a second approves (or either rejects), each step a security event. The
 * change is applied, in the approving transaction, exactly as asked.
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
  ) {}

  request(actor: UserActor, request: PrivilegedRequest): Promise<ApprovalRow> {
    const now = this.clock.now();
    return this.tx.run(async () => {
      const approval = await this.approvals.insert({
        ...storedForm(request),
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

  /** A second administrator approves: the request is decided and its change applied, or neither. */
  approve(actor: UserActor, id: string): Promise<{ approval: ApprovalRow; user: UserRow }> {
    return this.tx.run(async () => {
      const pending = await this.decide(actor, id, 'approve');
      const user = await this.apply(actor, pending);
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

  private async decide(actor: UserActor, id: string, action: 'approve' | 'reject'): Promise<ApprovalWithSecret> {
    const approval = await this.approvals.findWithSecret(id);
    if (!approval) throw await this.audit.notFound('approval_request', id);
    const now = this.clock.now();
    if (action === 'approve' && approval.requested_by === actor.userId) {
      throw ruleBroken(IdentityErrorCode.APPROVER_IS_REQUESTER, 'A second administrator must approve this change');
    }
    if (action === 'approve' && approval.status === 'pending' && approval.expires_at.getTime() <= now.getTime()) {
      throw new DomainException(IdentityErrorCode.APPROVAL_EXPIRED, HttpStatus.CONFLICT, 'This request has expired; ask again');
    }
    await APPROVAL_LIFECYCLE.apply(this.tx.manager, {
      id,
      action,
      at: now,
      actor: { userId: actor.userId, unitId: actor.unitId },
      reasonCode: action === 'reject' && approval.requested_by === actor.userId ? 'withdrawn' : undefined,
      set: { decided_by: actor.userId, decided_at: now },
    });
    return approval;
  }

  private apply(actor: UserActor, approval: ApprovalWithSecret): Promise<UserRow> {
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
            passwordHash: approval.password_hash!,
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
        });
      case 'password_reset':
        return this.accounts.change({
          actor,
          id: approval.target_user_id!,
          version: approval.target_version!,
          changes: { passwordHash: approval.password_hash!, passwordChangedAt: this.clock.now(), mustChangePassword: true },
          event: 'password.reset',
          detail,
          endSessions: 'password_reset',
        });
    }
  }

  private async existing(id: string): Promise<ApprovalRow> {
    const approval = await this.approvals.findById(id);
    if (!approval) throw await this.audit.notFound('approval_request', id);
    return approval;
  }
}

function storedForm(request: PrivilegedRequest) {
  switch (request.kind) {
    case 'account_creation':
      return {
        kind: request.kind,
        payload: { username: request.username.toLowerCase(), displayName: request.displayName, unitId: request.unitId, roles: request.roles },
        passwordHash: request.passwordHash,
      };
    case 'role_grant':
      return { kind: request.kind, targetUserId: request.target.id, targetVersion: request.version, payload: { roles: request.roles } };
    case 'password_reset':
      return { kind: request.kind, targetUserId: request.target.id, targetVersion: request.version, payload: {}, passwordHash: request.passwordHash };
  }
}
