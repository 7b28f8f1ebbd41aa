import { Injectable } from '@nestjs/common';
import { execute, PageRequest, selectOne, selectPage, selectRows, StateMachine, TransactionRunner } from '@app/database';
import { RecordScope } from '@app/identity';
import { LegalBasisEntry } from './sharing-decision';
import { LegalBasisKind, LegalBasisStatus } from './vocabulary';

export interface LegalBasisRecord extends LegalBasisEntry {
  caseId: string;
  basis: LegalBasisKind;
  justificationEnc: string;
  subjectIds: string[];
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  rejectionReasonEnc: string | null;
  version: number;
}

export type NewLegalBasis = Pick<
  LegalBasisRecord,
  'id' | 'caseId' | 'basis' | 'justificationEnc' | 'subjectIds' | 'personIds' | 'dataCategories' | 'expiresAt' | 'requestedBy' | 'requestedAt'
>;

export type LegalBasisAction = 'approve' | 'reject';

/** A request waits for a supervisor's decision, made once (the table's trigger refuses a second). */
export const legalBasisLifecycle = new StateMachine<LegalBasisStatus, LegalBasisAction>('legal_basis', {
  approve: { from: ['pending'], to: 'approved' },
  reject: { from: ['pending'], to: 'rejected' },
});

const COLUMNS = `b.id, b.case_id, b.basis, b.justification_enc, b.subject_ids, b.person_ids, b.data_categories, b.expires_at, b.status,
  b.requested_by, b.requested_at, b.decided_by, b.decided_at, b.rejection_reason_enc, b.version`;

const toRecord = (row: Record<string, unknown>): LegalBasisRecord => ({
  id: row.id as string,
  caseId: row.case_id as string,
  basis: row.basis as LegalBasisKind,
  justificationEnc: row.justification_enc as string,
  subjectIds: row.subject_ids as string[],
  personIds: row.person_ids as string[],
  dataCategories: row.data_categories as string[],
  expiresAt: row.expires_at as Date,
  status: row.status as LegalBasisStatus,
  requestedBy: row.requested_by as string,
  requestedAt: row.requested_at as Date,
  decidedBy: row.decided_by as string | null,
  decidedAt: row.decided_at as Date | null,
  rejectionReasonEnc: row.rejection_reason_enc as string | null,
  version: row.version as number,
});

/** Legal bases that stand in for consent. Row-level security scopes every statement to the cases the caller reads. */
@Injectable()
export class LegalBasisRepository {
  constructor(private readonly tx: TransactionRunner) {}

  async insert(record: NewLegalBasis): Promise<void> {
    await execute(
      this.tx.manager,
      `INSERT INTO legal_basis (id, case_id, basis, justification_enc, subject_ids, person_ids, data_categories, expires_at, requested_by, requested_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
      [
        record.id,
        record.caseId,
        record.basis,
        record.justificationEnc,
        record.subjectIds,
        record.personIds,
        record.dataCategories,
        record.expiresAt,
        record.requestedBy,
        record.requestedAt,
      ],
    );
  }

  async ofCase(scope: RecordScope<'case'>): Promise<LegalBasisRecord[]> {
    const rows = await selectRows<Record<string, unknown>>(
      this.tx.manager,
      `SELECT ${COLUMNS} FROM legal_basis b WHERE b.case_id = $1 ORDER BY b.requested_at, b.id`,
      [scope.id],
    );
    return rows.map(toRecord);
  }

  async findOne(scope: RecordScope<'legal_basis'>): Promise<LegalBasisRecord | undefined> {
    const row = await selectOne<Record<string, unknown>>(this.tx.manager, `SELECT ${COLUMNS} FROM legal_basis b WHERE b.id = $1`, [scope.id]);
    return row && toRecord(row);
  }

  async casesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await selectRows<{ id: string; case_id: string }>(this.tx.manager, `SELECT id, case_id FROM legal_basis WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((row) => [row.id, row.case_id]));
  }

  /** The unit's requests in a status, oldest first (row-level security limits them to the cases the caller reads). */
  async inStatus(status: LegalBasisStatus, page: PageRequest): Promise<{ items: LegalBasisRecord[]; total: number }> {
    const result = await selectPage<Record<string, unknown>>(
      this.tx.manager,
      { select: COLUMNS, from: 'legal_basis b', where: 'b.status = $1', params: [status], orderBy: 'b.requested_at, b.id' },
      page,
    );
    return { items: result.items.map(toRecord), total: result.total };
  }

  /** Marks, once, approved bases past their expiry at `now`; answers them for the domain event. The worker's own statement. */
  async announceLapsed(now: Date, limit: number): Promise<Array<{ id: string; caseId: string }>> {
    const rows = await selectRows<{ id: string; case_id: string }>(
      this.tx.manager,
      `UPDATE legal_basis b SET lapse_announced_at = $1 WHERE b.id IN (
         SELECT id FROM legal_basis WHERE status = 'approved' AND lapse_announced_at IS NULL AND expires_at <= $1
          ORDER BY expires_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING b.id, b.case_id`,
      [now, limit],
    );
    return rows.map((row) => ({ id: row.id, caseId: row.case_id }));
  }

  decide(
    scope: RecordScope<'legal_basis'>,
    action: LegalBasisAction,
    decision: { at: Date; actor: { userId: string; unitId: string }; version: number; rejectionReasonEnc?: string; reasonCode?: string },
  ) {
    return legalBasisLifecycle.apply(this.tx.manager, {
      id: scope.id,
      action,
      at: decision.at,
      actor: decision.actor,
      version: decision.version,
      reasonCode: decision.reasonCode,
      set: {
        decided_by: decision.actor.userId,
        decided_at: decision.at,
        ...(decision.rejectionReasonEnc ? { rejection_reason_enc: decision.rejectionReasonEnc } : {}),
      },
    });
  }
}
