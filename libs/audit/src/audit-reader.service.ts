import { Injectable } from '@nestjs/common';
import { PageRequest, selectPage, TransactionRunner } from '@app/database';
import { AuditTrail } from './audit-trail';
import { SearchTerms } from './search-terms';

export interface AuditEventRow {
  seq: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_roles: string[];
  actor_unit_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  case_id: string | null;
  outcome: string;
  correlation_id: string | null;
  client_ip: string | null;
  justification: string | null;
  subject_hash: string | null;
  detail: Record<string, unknown>;
  sealed: boolean;
}

export interface AuditFilter {
  actorUserId?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  caseId?: string;
  from?: Date;
  to?: Date;
  securityOnly?: boolean;
  /** Searches that used this term (its keyed hash: see SearchTerms). */
  termHash?: string;
}

/** Sign-in, account, session and access events: what auditors review for misuse. */
export const SECURITY_ACTION_PREFIXES = ['sign_in.', 'account.', 'session.', 'password.', 'role.', 'second_factor.', 'recovery_code.', 'access.'];

/**
 * Reading the trail is itself recorded. Row-level security decides what is visible: auditors read
 * everything, supervisors the events of their own unit.
 */
@Injectable()
export class AuditReader {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditTrail,
    private readonly terms: SearchTerms,
  ) {}

  /** The searches that used this term. A term that is not one of its kind (a phone that is no phone) matches nothing, rather than everything. */
  searchesFor(kind: string, term: string, page: PageRequest): Promise<{ items: AuditEventRow[]; total: number }> {
    return this.list({ termHash: this.terms.hash(kind, term) ?? 'no-such-term' }, page, 'audit.term_searched');
  }

  list(filter: AuditFilter, page: PageRequest, action = 'audit.viewed'): Promise<{ items: AuditEventRow[]; total: number }> {
    return this.tx.run(async () => {
      const result = await selectPage<AuditEventRow>(
        this.tx.manager,
        {
          select: `e.seq, e.occurred_at, e.actor_user_id, e.actor_roles, e.actor_unit_id, e.action, e.object_type, e.object_id, e.case_id,
                   e.outcome, e.correlation_id, host(e.client_ip) AS client_ip, e.justification, e.subject_hash, e.detail,
                   EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = e.seq) AS sealed`,
          from: 'audit_event e',
          where: `($1::uuid IS NULL OR e.actor_user_id = $1) AND ($2::text IS NULL OR e.action = $2)
            AND ($3::text IS NULL OR e.object_type = $3) AND ($4::text IS NULL OR e.object_id = $4) AND ($5::uuid IS NULL OR e.case_id = $5)
            AND ($6::timestamptz IS NULL OR e.occurred_at >= $6) AND ($7::timestamptz IS NULL OR e.occurred_at < $7)
            AND (NOT $8 OR e.action LIKE ANY($9::text[])) AND ($10::text IS NULL OR e.detail->'termHashes' ? $10)`,
          params: [
            filter.actorUserId ?? null,
            filter.action ?? null,
            filter.objectType ?? null,
            filter.objectId ?? null,
            filter.caseId ?? null,
            filter.from ?? null,
            filter.to ?? null,
            filter.securityOnly ?? false,
            SECURITY_ACTION_PREFIXES.map((prefix) => `${prefix}%`),
            filter.termHash ?? null,
          ],
          orderBy: 'e.seq DESC',
        },
        page,
      );
      // Which filters were used, never their values (a term hash names what an auditor was looking for).
      const filters = Object.keys(filter).filter((name) => filter[name as keyof AuditFilter] !== undefined);
      await this.audit.record({ action, detail: { filters, page: page.page, returned: result.items.length } });
      return result;
    });
  }
}
