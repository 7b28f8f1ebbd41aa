import { Injectable } from '@nestjs/common';
import { execute, PageRequest, selectOne, selectPage, selectRows, TransactionRunner, updateVersioned } from '@app/database';
import { RecordScope } from '@app/identity';
import { CaseStatus } from './vocabulary';

export interface CaseRecord {
  id: string;
  reference: string;
  owningUnitId: string;
  category: string;
  urgency: string;
  intakeChannel: string;
  title: string;
  narrativeEnc: string | null;
  status: CaseStatus;
  outcome: string | null;
  escalatedTo: string | null;
  createdBy: string;
  assignedOfficerId: string;
  openedAt: Date;
  closedAt: Date | null;
  version: number;
  updatedAt: Date;
}

/** A case as lists show it: no sensitive field, and how many subjects it has. */
export type CaseSummary = Omit<CaseRecord, 'narrativeEnc'> & { subjectCount: number };

export type NewCase = Pick<
  CaseRecord,
  'id' | 'owningUnitId' | 'category' | 'urgency' | 'intakeChannel' | 'title' | 'narrativeEnc' | 'createdBy' | 'assignedOfficerId'
>;

export interface SubjectRecord {
  id: string;
  caseId: string;
  personId: string;
  role: string;
  addedAt: Date;
}

export interface HistoryEntry {
  id: number;
  action: string;
  fromState: string;
  toState: string;
  actorUserId: string | null;
  at: Date;
  reasonCode: string | null;
  detail: Record<string, unknown>;
}

/** Filters and exact terms of a list or search, already normalised and hashed; row-level security scopes them. */
export interface CaseFilter {
  status?: string[];
  category?: string[];
  urgency?: string[];
  assignedOfficerId?: string;
  openedFrom?: Date;
  openedTo?: Date;
  reference?: string;
  documentHash?: string;
  phoneHash?: string;
  /** Name keys of a typed name (word similarity on either script, and cross-script skeletons). */
  name?: { arabicKey: string | null; latinKey: string | null; skeletonForLatin: string | null; skeletonForArabic: string | null };
}

export type CaseSort = 'opened_at_desc' | 'opened_at_asc' | 'urgency_desc' | 'reference_asc';

const SORTS: Record<CaseSort, string> = {
  opened_at_desc: 'c.opened_at DESC, c.id',
  opened_at_asc: 'c.opened_at ASC, c.id',
  urgency_desc: `array_position(ARRAY['critical','high','medium','low'], c.urgency), c.opened_at DESC, c.id`,
  reference_asc: 'c.reference',
};

const CASE_COLUMNS = `c.id, c.reference, c.owning_unit_id, c.category, c.urgency, c.intake_channel, c.title, c.narrative_enc, c.status, c.outcome,
  c.escalated_to, c.created_by, c.assigned_officer_id, c.opened_at, c.closed_at, c.version, c.updated_at`;
const SUMMARY_COLUMNS = `${CASE_COLUMNS.replace('c.narrative_enc, ', '')},
  (SELECT count(*)::int FROM case_subject s WHERE s.case_id = c.id AND s.removed_at IS NULL) AS subject_count`;

type CaseRow = Record<string, unknown>;

const toCaseRecord = (row: CaseRow): CaseRecord => ({
  id: row.id as string,
  reference: row.reference as string,
  owningUnitId: row.owning_unit_id as string,
  category: row.category as string,
  urgency: row.urgency as string,
  intakeChannel: row.intake_channel as string,
  title: row.title as string,
  narrativeEnc: (row.narrative_enc as string | null) ?? null,
  status: row.status as CaseStatus,
  outcome: row.outcome as string | null,
  escalatedTo: row.escalated_to as string | null,
  createdBy: row.created_by as string,
  assignedOfficerId: row.assigned_officer_id as string,
  openedAt: row.opened_at as Date,
  closedAt: row.closed_at as Date | null,
  version: row.version as number,
  updatedAt: row.updated_at as Date,
});

const toSummary = (row: CaseRow): CaseSummary => {
  const { narrativeEnc: _hidden, ...summary } = toCaseRecord(row);
  return { ...summary, subjectCount: row.subject_count as number };
};

/** Builds `WHERE` clauses with numbered parameters; names come from code, values travel as parameters. */
class Conditions {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  add(clause: string): void {
    this.clauses.push(clause);
  }
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

/**
 * Cases, their subjects and history. Row-level security scopes every statement to what the caller
 * may read; whole records are read through a RecordScope minted by the access service.
 */
@Injectable()
export class CaseRepository {
  constructor(private readonly tx: TransactionRunner) {}

  async insert(newCase: NewCase, at: Date): Promise<CaseRecord> {
    const { rows } = await execute<CaseRow>(
      this.tx.manager,
      `INSERT INTO case_file AS c (id, reference, owning_unit_id, category, urgency, intake_channel, title, narrative_enc, created_by,
                                   assigned_officer_id, opened_at, created_at, updated_at)
       VALUES ($1, app.next_case_reference($2, $10), $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10) RETURNING ${CASE_COLUMNS}`,
      [
        newCase.id,
        newCase.owningUnitId,
        newCase.category,
        newCase.urgency,
        newCase.intakeChannel,
        newCase.title,
        newCase.narrativeEnc,
        newCase.createdBy,
        newCase.assignedOfficerId,
        at,
      ],
    );
    return toCaseRecord(rows[0]);
  }

  async findOne(scope: RecordScope<'case'>): Promise<CaseRecord | undefined> {
    const row = await selectOne<CaseRow>(this.tx.manager, `SELECT ${CASE_COLUMNS} FROM case_file c WHERE c.id = $1`, [scope.id]);
    return row && toCaseRecord(row);
  }

  /** Which of `ids` the caller reads (row-level security decides: own or assigned, or the whole unit). */
  async visibleIds(ids: readonly string[]): Promise<string[]> {
    return (await selectRows<{ id: string }>(this.tx.manager, `SELECT id FROM case_file WHERE id = ANY($1::uuid[])`, [ids])).map((row) => row.id);
  }

  async update(scope: RecordScope<'case'>, version: number, set: Record<string, unknown>, at: Date): Promise<CaseRecord | undefined> {
    const row = await updateVersioned<CaseRow>(this.tx.manager, {
      table: 'case_file',
      id: scope.id,
      version,
      set,
      at,
      returning: CASE_COLUMNS.replace(/\bc\./g, ''),
    });
    return row && toCaseRecord(row);
  }

  async search(filter: CaseFilter, sort: CaseSort, page: PageRequest): Promise<{ items: CaseSummary[]; total: number }> {
    const where = new Conditions();
    if (filter.status?.length) where.add(`c.status = ANY(${where.param(filter.status)}::text[])`);
    if (filter.category?.length) where.add(`c.category = ANY(${where.param(filter.category)}::text[])`);
    if (filter.urgency?.length) where.add(`c.urgency = ANY(${where.param(filter.urgency)}::text[])`);
    if (filter.assignedOfficerId) where.add(`c.assigned_officer_id = ${where.param(filter.assignedOfficerId)}`);
    if (filter.openedFrom) where.add(`c.opened_at >= ${where.param(filter.openedFrom)}`);
    if (filter.openedTo) where.add(`c.opened_at < ${where.param(filter.openedTo)}`);
    if (filter.reference) where.add(`c.reference = ${where.param(filter.reference)}`);
    const subject = (condition: string) =>
      `EXISTS (SELECT 1 FROM case_subject s JOIN person p ON p.id = s.person_id WHERE s.case_id = c.id AND s.removed_at IS NULL AND ${condition})`;
    if (filter.documentHash) where.add(subject(`p.document_hash = ${where.param(filter.documentHash)}`));
    if (filter.phoneHash) where.add(subject(`p.phone_hashes @> ARRAY[${where.param(filter.phoneHash)}::text]`));
    if (filter.name) where.add(subject(this.nameMatch(where, filter.name!)));
    const result = await selectPage<CaseRow>(
      this.tx.manager,
      { select: SUMMARY_COLUMNS, from: 'case_file c', where: where.clauses.join(' AND ') || undefined, params: where.params, orderBy: SORTS[sort] },
      page,
    );
    return { items: result.items.map(toSummary), total: result.total };
  }

  /** A typed name matches a subject's name as a word run (`<%`, word similarity) in its script, or by skeleton across scripts. */
  private nameMatch(where: Conditions, name: NonNullable<CaseFilter['name']>): string {
    const parts: string[] = [];
    if (name.arabicKey) parts.push(`${where.param(name.arabicKey)} <% p.name_ar_key`);
    if (name.latinKey) parts.push(`${where.param(name.latinKey)} <% p.name_latin_key`);
    if (name.skeletonForLatin) parts.push(`${where.param(name.skeletonForLatin)} <% p.skeleton_latin`);
    if (name.skeletonForArabic) parts.push(`${where.param(name.skeletonForArabic)} <% p.skeleton_ar`);
    return parts.length > 0 ? `(${parts.join(' OR ')})` : 'false';
  }

  async addSubject(subject: { id: string; caseId: string; personId: string; role: string; addedBy: string }, at: Date): Promise<boolean> {
    const { rowCount } = await execute(
      this.tx.manager,
      `INSERT INTO case_subject (id, case_id, person_id, role, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (case_id, person_id, role) WHERE removed_at IS NULL DO NOTHING`,
      [subject.id, subject.caseId, subject.personId, subject.role, subject.addedBy, at],
    );
    return rowCount === 1;
  }

  async subjectsOf(scope: RecordScope<'case'>): Promise<SubjectRecord[]> {
    const rows = await selectRows<{ id: string; case_id: string; person_id: string; role: string; added_at: Date }>(
      this.tx.manager,
      `SELECT id, case_id, person_id, role, added_at FROM case_subject WHERE case_id = $1 AND removed_at IS NULL
       ORDER BY added_at, array_position(ARRAY['victim','complainant','child','guardian','alleged_perpetrator','witness'], role), id`,
      [scope.id],
    );
    return rows.map((row) => ({ id: row.id, caseId: row.case_id, personId: row.person_id, role: row.role, addedAt: row.added_at }));
  }

  /** Removes an active subject of the case: false when there is none by that id. */
  async removeSubject(scope: RecordScope<'case'>, subjectId: string, removedBy: string, reasonEnc: string, at: Date): Promise<boolean> {
    const { rowCount } = await execute(
      this.tx.manager,
      `UPDATE case_subject SET removed_at = $4, removed_by = $3, removal_reason_enc = $5 WHERE id = $2 AND case_id = $1 AND removed_at IS NULL`,
      [scope.id, subjectId, removedBy, at, reasonEnc],
    );
    return rowCount === 1;
  }

  /** A history entry that moves no state (subjects, edits), beside the StateMachine's transitions. */
  async appendHistory(
    scope: RecordScope<'case'>,
    entry: { action: string; state: string; actorUserId: string; actorUnitId: string; at: Date; detail: object },
  ) {
    await execute(
      this.tx.manager,
      `INSERT INTO case_file_history (record_id, action, from_state, to_state, actor_user_id, actor_unit_id, at, detail) VALUES ($1, $2, $3, $3, $4, $5, $6, $7)`,
      [scope.id, entry.action, entry.state, entry.actorUserId, entry.actorUnitId, entry.at, entry.detail],
    );
  }

  async history(scope: RecordScope<'case'>): Promise<HistoryEntry[]> {
    const rows = await selectRows<{
      id: string;
      action: string;
      from_state: string;
      to_state: string;
      actor_user_id: string | null;
      at: Date;
      reason_code: string | null;
      detail: Record<string, unknown>;
    }>(
      this.tx.manager,
      `SELECT id, action, from_state, to_state, actor_user_id, at, reason_code, detail FROM case_file_history WHERE record_id = $1 ORDER BY id`,
      [scope.id],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      action: row.action,
      fromState: row.from_state,
      toState: row.to_state,
      actorUserId: row.actor_user_id,
      at: row.at,
      reasonCode: row.reason_code,
      detail: row.detail,
    }));
  }

  /** An active desk officer or supervisor of the unit (the case's assignee must be one). */
  async isActiveOfficerOf(unitId: string, userId: string): Promise<boolean> {
    const row = await selectOne<{ ok: boolean }>(
      this.tx.manager,
      `SELECT true AS ok FROM app_user WHERE id = $1 AND unit_id = $2 AND disabled_at IS NULL AND roles && ARRAY['desk_officer','supervisor']::text[]`,
      [userId, unitId],
    );
    return !!row;
  }
}
