import { Injectable } from '@nestjs/common';
import { Clock, RequestContext } from '@app/core';
import { execute, selectOne, selectRows, TransactionRunner } from '@app/database';

export type SecurityEventType =
  | 'sign_in.succeeded'
  | 'sign_in.failed'
  | 'sign_in.second_factor_failed'
  | 'account.locked'
  | 'account.unlocked'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.created'
  | 'account.updated'
  | 'second_factor.enrolled'
  | 'recovery_code.used'
  | 'session.signed_out'
  | 'session.signed_out_everywhere'
  | 'password.changed'
  | 'password.reset'
  | 'role.changed'
  | 'unit.created'
  | 'unit.updated';

export interface SecurityEvent {
  type: SecurityEventType;
  outcome: 'success' | 'failure';
  /** The account concerned, when known. */
  userId?: string;
  /** A keyed hash of what was typed as a user name that matched no account (people type passwords there). */
  subjectHash?: string;
  /** Field names and state changes only: never names, passwords or codes. */
  detail?: Record<string, unknown>;
}

export interface SecurityEventRow {
  id: string;
  occurred_at: Date;
  event_type: string;
  outcome: string;
  user_id: string | null;
  subject_hash: string | null;
  actor_user_id: string | null;
  actor_unit_id: string | null;
  client_ip: string | null;
  correlation_id: string | null;
  detail: Record<string, unknown>;
}

/**
 * Security events (sign-in, lockout, role changes…). The audit issue moves these into the
 * tamper-evident trail; the writer already takes actor, IP and correlation id from the context.
 */
@Injectable()
export class SecurityEventRepository {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly context: RequestContext,
    private readonly clock: Clock,
  ) {}

  /** Inside the current transaction: the event commits or rolls back with the change it records. */
  async record(event: SecurityEvent): Promise<void> {
    const actor = this.context.actor;
    await execute(
      this.tx.manager,
      `INSERT INTO security_event (occurred_at, event_type, outcome, user_id, subject_hash, actor_user_id, actor_unit_id, client_ip, correlation_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        this.clock.now(),
        event.type,
        event.outcome,
        event.userId ?? null,
        event.subjectHash ?? null,
        actor?.userId ?? null,
        actor?.unitId ?? null,
        this.context.clientIp ?? null,
        this.context.correlationId ?? null,
        event.detail ?? {},
      ],
    );
  }

  async list(filter: { type?: string; userId?: string; from?: Date; to?: Date }, page: number, pageSize: number): Promise<{ items: SecurityEventRow[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR event_type = $1) AND ($2::uuid IS NULL OR user_id = $2)
                     AND ($3::timestamptz IS NULL OR occurred_at >= $3) AND ($4::timestamptz IS NULL OR occurred_at < $4)`;
    const params = [filter.type ?? null, filter.userId ?? null, filter.from ?? null, filter.to ?? null];
    const items = await selectRows<SecurityEventRow>(this.tx.manager, `SELECT * FROM security_event ${where} ORDER BY id DESC LIMIT $5 OFFSET $6`, [
      ...params,
      pageSize,
      (page - 1) * pageSize,
    ]);
    const total = (await selectOne<{ total: number }>(this.tx.manager, `SELECT count(*)::int AS total FROM security_event ${where}`, params))?.total ?? 0;
    return { items, total };
  }
}
