import { Injectable } from '@nestjs/common';
import { Actor, Clock, RecordNotFoundException, RequestContext } from '@app/core';
import { execute, TransactionRunner } from '@app/database';

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEvent {
  /** `object.verb`, e.g. `referral.accepted`, `sign_in.failed`. */
  action: string;
  outcome?: AuditOutcome;
  objectType?: string;
  objectId?: string;
  caseId?: string;
  /**
   * Not for domain events: reasons, justifications and notes are free text, kept (encrypted) on the
   * domain record; the event carries the reason code in `detail` and the record id. The column stays
   * for operator-typed reasons that hold no case content (none so far).
   */
  justification?: string;
  /** Keyed hash of what a failed sign-in typed as a user name that matched no account. */
  subjectHash?: string;
  /** Field names and state changes only: never names, narrative, IDs or phone numbers. */
  detail?: Record<string, unknown>;
}

/** Ids and correlation ids are stored as identifier characters only (the table's CHECK holds them to it). */
const asIdentifier = (value: string): string => value.replace(/[^A-Za-z0-9:._-]/g, '_').slice(0, 100) || '_';

/** Who acted, from where, in which request: the request context, or nothing for the operator's cli. */
export interface AuditEventContext {
  actor?: Actor;
  correlationId?: string;
  clientIp?: string;
}

/** The one INSERT of an audit event, for a transaction's manager or (in the cli) a plain query. */
export function auditEventInsert(event: AuditEvent, context: AuditEventContext, occurredAt: Date): { sql: string; params: unknown[] } {
  const { actor, correlationId, clientIp } = context;
  return {
    sql: `INSERT INTO audit_event (occurred_at, actor_user_id, actor_roles, actor_unit_id, action, object_type, object_id, case_id,
                                   outcome, correlation_id, client_ip, justification, subject_hash, detail)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    params: [
      occurredAt,
      actor?.kind === 'user' ? actor.userId : null,
      actor?.roles ?? [],
      actor?.unitId ?? null,
      event.action,
      event.objectType ?? null,
      event.objectId === undefined ? null : asIdentifier(event.objectId),
      event.caseId ?? null,
      event.outcome ?? 'success',
      correlationId === undefined ? null : asIdentifier(correlationId),
      clientIp ?? null,
      event.justification ?? null,
      event.subjectHash ?? null,
      event.detail ?? {},
    ],
  };
}

/**
 * Writes the audit trail. Actor, roles, unit, client IP and correlation id come from the request
 * context. `record` joins the use case's transaction, so the change and its event commit together
 * or not at all (fail closed); `recordSeparately` commits on its own, for failures and denials that
 * the failing request's rollback must not erase.
 */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly context: RequestContext,
    private readonly clock: Clock,
  ) {}

  async record(event: AuditEvent): Promise<void> {
    const { sql, params } = auditEventInsert(event, this.context, this.clock.now());
    await execute(this.tx.manager, sql, params);
  }

  recordSeparately(event: AuditEvent): Promise<void> {
    return this.tx.runSeparately(() => this.record(event));
  }

  /** A record outside the caller's scope (or missing): recorded as access.not_found, answered 404. */
  async notFound(objectType: string, objectId: string): Promise<RecordNotFoundException> {
    await this.recordSeparately({ action: 'access.not_found', outcome: 'denied', objectType, objectId });
    return new RecordNotFoundException();
  }
}
