import { Injectable } from '@nestjs/common';
import { execute, PageRequest, selectOne, selectPage, StateMachine, TransactionRunner } from '@app/database';

export const APPROVAL_KINDS = ['account_creation', 'role_grant', 'password_reset'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export type ApprovalAction = 'approve' | 'reject';

export interface ApprovalRow {
  id: string;
  kind: ApprovalKind;
  status: ApprovalStatus;
  target_user_id: string | null;
  target_version: number | null;
  payload: { username?: string; displayName?: string; unitId?: string; roles?: string[] };
  requested_by: string;
  requested_at: Date;
  expires_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  version: number;
}

/** The stored row with the requester's encrypted password part, which never leaves the service. */
export interface ApprovalWithSecret extends ApprovalRow {
  password_part_enc: string | null;
}

export interface NewApproval {
  id: string;
  kind: ApprovalKind;
  targetUserId?: string;
  targetVersion?: number;
  payload: ApprovalRow['payload'];
  passwordPartEnc?: string;
  requestedBy: string;
  at: Date;
  expiresAt: Date;
}

const COLUMNS = `id, kind, status, target_user_id, target_version, payload, requested_by, requested_at, expires_at, decided_by, decided_at, version`;

/** A pending request is approved or rejected once; of two racing decisions one wins (409 for the other). */
export const APPROVAL_LIFECYCLE = new StateMachine<ApprovalStatus, ApprovalAction>('approval_request', {
  approve: { from: ['pending'], to: 'approved' },
  reject: { from: ['pending'], to: 'rejected' },
});

/** Approval requests, under row-level security (administrators only). */
@Injectable()
export class ApprovalRepository {
  constructor(private readonly tx: TransactionRunner) {}

  async insert(approval: NewApproval): Promise<ApprovalRow> {
    const { rows } = await execute<ApprovalRow>(
      this.tx.manager,
      `INSERT INTO approval_request (id, kind, target_user_id, target_version, payload, password_part_enc, requested_by, requested_at, expires_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8) RETURNING ${COLUMNS}`,
      [
        approval.id,
        approval.kind,
        approval.targetUserId ?? null,
        approval.targetVersion ?? null,
        approval.payload,
        approval.passwordPartEnc ?? null,
        approval.requestedBy,
        approval.at,
        approval.expiresAt,
      ],
    );
    return rows[0];
  }

  findWithSecret(id: string): Promise<ApprovalWithSecret | undefined> {
    return selectOne(this.tx.manager, `SELECT ${COLUMNS}, password_part_enc FROM approval_request WHERE id = $1`, [id]);
  }

  findById(id: string): Promise<ApprovalRow | undefined> {
    return selectOne(this.tx.manager, `SELECT ${COLUMNS} FROM approval_request WHERE id = $1`, [id]);
  }

  list(filter: { status?: ApprovalStatus }, page: PageRequest): Promise<{ items: ApprovalRow[]; total: number }> {
    return selectPage(
      this.tx.manager,
      {
        select: COLUMNS,
        from: 'approval_request',
        where: '($1::text IS NULL OR status = $1)',
        params: [filter.status ?? null],
        orderBy: 'requested_at DESC, id',
      },
      page,
    );
  }
}
