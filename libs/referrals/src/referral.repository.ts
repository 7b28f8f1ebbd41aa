import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { execute, PageRequest, selectOne, selectPage, selectRows, TransactionRunner } from '@app/database';
import { RecordScope } from '@app/identity';
import { ReferralState } from './lifecycle';
import { SharedField } from './vocabulary';

/** What the queue shows of a shared subject before acceptance (DESIGN rule 1): no name, no number. */
export interface SubjectSummary {
  subjectId: string;
  role: string;
  client: boolean;
  ageBand: string | null;
  sex: string;
}

export type SharedFields = Record<string, SharedField[]>;

export interface ReferralRecord {
  id: string;
  reference: string;
  caseId: string;
  referringUnitId: string;
  centreId: string;
  clientSubjectIds: string[];
  services: string[];
  category: string;
  urgency: string;
  reasonEnc: string;
  summary: SubjectSummary[];
  sharedFields: SharedFields;
  reliedConsentIds: string[];
  reliedLegalBasisIds: string[];
  validUntil: Date | null;
  status: ReferralState;
  sentBy: string;
  sentAt: Date;
  deadlineAt: Date;
  reminderAt: Date;
  remindedAt: Date | null;
  overdueAt: Date | null;
  holderUserId: string | null;
  holderName: string | null;
  acceptedAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  declineReason: string | null;
  withdrawalReason: string | null;
  outcome: string | null;
  endTextEnc: string | null;
  redirectedFromId: string | null;
  redirectedToId: string | null;
  identifyingClosedAt: Date | null;
  updatedAt: Date;
  version: number;
}

export type NewReferral = Pick<
  ReferralRecord,
  | 'id'
  | 'caseId'
  | 'referringUnitId'
  | 'centreId'
  | 'clientSubjectIds'
  | 'services'
  | 'category'
  | 'urgency'
  | 'reasonEnc'
  | 'summary'
  | 'sharedFields'
  | 'reliedConsentIds'
  | 'reliedLegalBasisIds'
  | 'validUntil'
  | 'sentBy'
  | 'sentAt'
  | 'deadlineAt'
  | 'reminderAt'
  | 'redirectedFromId'
>;

export interface SnapshotRecord {
  id: string;
  referralId: string;
  seq: number;
  contentEnc: string;
  fields: SharedFields;
  changed: SharedFields;
  createdAt: Date;
}

export interface NoteRecord {
  id: string;
  authorUserId: string;
  authorName: string;
  bodyEnc: string;
  createdAt: Date;
}

export interface HistoryEntry {
  action: string;
  fromState: string;
  toState: string;
  actorUnitId: string | null;
  at: Date;
  reasonCode: string | null;
}

/** Named, never `*`: statements are prepared once per connection. */
const COLUMNS = `r.id, r.reference, r.case_id, r.referring_unit_id, r.centre_id, r.client_subject_ids, r.services, r.category, r.urgency,
  r.reason_enc, r.summary, r.shared_fields, r.relied_consent_ids, r.relied_legal_basis_ids, r.valid_until, r.status, r.sent_by, r.sent_at,
  r.deadline_at, r.reminder_at, r.reminded_at, r.overdue_at, r.holder_user_id, r.holder_name, r.accepted_at, r.started_at, r.ended_at,
  r.decline_reason, r.withdrawal_reason, r.outcome, r.end_text_enc, r.redirected_from_id, r.identifying_closed_at, r.updated_at, r.version,
  (SELECT n.id FROM referral n WHERE n.redirected_from_id = r.id) AS redirected_to_id`;

type Row = Record<string, unknown>;

const toRecord = (row: Row): ReferralRecord => ({
  id: row.id as string,
  reference: row.reference as string,
  caseId: row.case_id as string,
  referringUnitId: row.referring_unit_id as string,
  centreId: row.centre_id as string,
  clientSubjectIds: row.client_subject_ids as string[],
  services: row.services as string[],
  category: row.category as string,
  urgency: row.urgency as string,
  reasonEnc: row.reason_enc as string,
  summary: row.summary as SubjectSummary[],
  sharedFields: row.shared_fields as SharedFields,
  reliedConsentIds: row.relied_consent_ids as string[],
  reliedLegalBasisIds: row.relied_legal_basis_ids as string[],
  validUntil: (row.valid_until as Date | null) ?? null,
  status: row.status as ReferralState,
  sentBy: row.sent_by as string,
  sentAt: row.sent_at as Date,
  deadlineAt: row.deadline_at as Date,
  reminderAt: row.reminder_at as Date,
  remindedAt: (row.reminded_at as Date | null) ?? null,
  overdueAt: (row.overdue_at as Date | null) ?? null,
  holderUserId: (row.holder_user_id as string | null) ?? null,
  holderName: (row.holder_name as string | null) ?? null,
  acceptedAt: (row.accepted_at as Date | null) ?? null,
  startedAt: (row.started_at as Date | null) ?? null,
  endedAt: (row.ended_at as Date | null) ?? null,
  declineReason: (row.decline_reason as string | null) ?? null,
  withdrawalReason: (row.withdrawal_reason as string | null) ?? null,
  outcome: (row.outcome as string | null) ?? null,
  endTextEnc: (row.end_text_enc as string | null) ?? null,
  redirectedFromId: (row.redirected_from_id as string | null) ?? null,
  redirectedToId: (row.redirected_to_id as string | null) ?? null,
  identifyingClosedAt: (row.identifying_closed_at as Date | null) ?? null,
  updatedAt: row.updated_at as Date,
  version: row.version as number,
});

export const ACTIVE_REFERRAL_INDEX = 'referral_one_active_per_centre';

/** Whether a driver error is the "one active referral per case and centre" index refusing a second. */
export const isSecondActiveReferral = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === ACTIVE_REFERRAL_INDEX;

export interface ReferralListFilter {
  caseId?: string;
  centreId?: string;
  status?: string;
  overdue?: boolean;
}

/**
 * Referrals under row-level security: police reach those of the cases they read, a centre its own.
 * Readers take a scope the access service minted; list queries are bounded by the policies.
 */
@Injectable()
export class ReferralRepository {
  constructor(private readonly tx: TransactionRunner) {}

  async insert(referral: NewReferral, at: Date): Promise<void> {
    await execute(
      this.tx.manager,
      `INSERT INTO referral (id, reference, case_id, referring_unit_id, centre_id, client_subject_ids, services, category, urgency, reason_enc,
         summary, shared_fields, relied_consent_ids, relied_legal_basis_ids, valid_until, sent_by, sent_at, deadline_at, reminder_at,
         redirected_from_id, updated_at)
       VALUES ($1, app.next_referral_reference($4, $16), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      [
        referral.id,
        referral.caseId,
        referral.referringUnitId,
        referral.centreId,
        referral.clientSubjectIds,
        referral.services,
        referral.category,
        referral.urgency,
        referral.reasonEnc,
        JSON.stringify(referral.summary),
        JSON.stringify(referral.sharedFields),
        referral.reliedConsentIds,
        referral.reliedLegalBasisIds,
        referral.validUntil,
        referral.sentBy,
        referral.sentAt,
        referral.deadlineAt,
        referral.reminderAt,
        referral.redirectedFromId,
        at,
      ],
    );
  }

  async findOne(scope: RecordScope<'referral'>): Promise<ReferralRecord | undefined> {
    const row = await selectOne<Row>(this.tx.manager, `SELECT ${COLUMNS} FROM referral r WHERE r.id = $1`, [scope.id]);
    return row && toRecord(row);
  }

  /** The ids among `ids` the caller reaches as police (the policy decides). */
  async visibleToPolice(ids: readonly string[]): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      this.tx.manager,
      `SELECT id FROM referral WHERE id = ANY($1::uuid[]) AND EXISTS (SELECT 1 FROM case_file c WHERE c.id = case_id)`,
      [ids],
    );
    return rows.map((row) => row.id);
  }

  /**
   * The ids among `ids` that are the caller centre's and still open to it: never declined or withdrawn,
   * and, while active, only until the consent it relied on expires (`validUntil` at the clock's now).
   */
  async visibleToCentre(ids: readonly string[], unitId: string, now: Date): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      this.tx.manager,
      `SELECT id FROM referral WHERE id = ANY($1::uuid[]) AND centre_id = $2 AND status NOT IN ('declined', 'withdrawn')
         AND (valid_until IS NULL OR valid_until > $3 OR status IN ('completed', 'escalated'))`,
      [ids, unitId, now],
    );
    return rows.map((row) => row.id);
  }

  ofCase(scope: RecordScope<'case'>): Promise<ReferralRecord[]> {
    return this.records(`SELECT ${COLUMNS} FROM referral r WHERE r.case_id = $1 ORDER BY r.sent_at, r.id`, [scope.id]);
  }

  /** The centre's pending referrals, the nearest deadline first (ties by id, so pages never overlap). */
  async queue(centreId: string, now: Date, page: PageRequest): Promise<{ items: ReferralRecord[]; total: number }> {
    const result = await selectPage<Row>(
      this.tx.manager,
      {
        select: COLUMNS,
        from: 'referral r',
        where: `r.centre_id = $1 AND r.status = 'pending' AND (r.valid_until IS NULL OR r.valid_until > $2)`,
        params: [centreId, now],
        orderBy: 'r.deadline_at, r.id',
      },
      page,
    );
    return { items: result.items.map(toRecord), total: result.total };
  }

  /** Police lists: whatever the policies let the caller read, filtered. */
  /** `overdue`: pending past its deadline at `now` (the worker's mark may lag a scan behind). */
  async list(filter: ReferralListFilter, now: Date, page: PageRequest): Promise<{ items: ReferralRecord[]; total: number }> {
    const result = await selectPage<Row>(
      this.tx.manager,
      {
        select: COLUMNS,
        from: 'referral r',
        where: `EXISTS (SELECT 1 FROM case_file c WHERE c.id = r.case_id) AND ($1::uuid IS NULL OR r.case_id = $1) AND ($2::uuid IS NULL OR r.centre_id = $2)
          AND ($3::text IS NULL OR r.status = $3) AND ($4::boolean IS NULL OR (r.status = 'pending' AND r.deadline_at <= $5) = $4)`,
        params: [filter.caseId ?? null, filter.centreId ?? null, filter.status ?? null, filter.overdue ?? null, now],
        orderBy: 'r.deadline_at, r.id',
      },
      page,
    );
    return { items: result.items.map(toRecord), total: result.total };
  }

  /** Columns of a held referral that change without a state change (a manager reassigning it). */
  async setHolder(id: string, holder: { userId: string; name: string }, at: Date): Promise<boolean> {
    const { rowCount } = await execute(
      this.tx.manager,
      `UPDATE referral SET holder_user_id = $2, holder_name = $3, updated_at = $4, version = version + 1 WHERE id = $1 AND status = 'accepted'`,
      [id, holder.userId, holder.name, at],
    );
    return rowCount === 1;
  }

  /** A completed referral whose consent ended: the centre keeps its outcome and notes, not the shared fields. */
  async closeIdentifying(id: string, at: Date): Promise<void> {
    await execute(this.tx.manager, `UPDATE referral SET identifying_closed_at = $2, updated_at = $2 WHERE id = $1 AND identifying_closed_at IS NULL`, [id, at]);
  }

  async setSharing(
    id: string,
    sharing: Pick<ReferralRecord, 'sharedFields' | 'summary' | 'reliedConsentIds' | 'reliedLegalBasisIds' | 'validUntil'>,
    at: Date,
  ) {
    await execute(
      this.tx.manager,
      `UPDATE referral SET shared_fields = $2, summary = $3, relied_consent_ids = $4, relied_legal_basis_ids = $5, valid_until = $6, updated_at = $7,
         version = version + 1 WHERE id = $1`,
      [
        id,
        JSON.stringify(sharing.sharedFields),
        JSON.stringify(sharing.summary),
        sharing.reliedConsentIds,
        sharing.reliedLegalBasisIds,
        sharing.validUntil,
        at,
      ],
    );
  }

  /** Active referrals of the case that relied on the consent record or legal basis. */
  async relyingOn(caseId: string, recordId: string): Promise<Array<{ id: string; status: ReferralState }>> {
    return selectRows(
      this.tx.manager,
      `SELECT id, status FROM referral WHERE case_id = $1 AND ($2 = ANY (relied_consent_ids) OR $2 = ANY (relied_legal_basis_ids))
         AND status IN ('pending', 'accepted', 'in_service', 'completed', 'escalated') AND identifying_closed_at IS NULL ORDER BY id`,
      [caseId, recordId],
    );
  }

  /** After a superseded record: what the referral relies on now that the sharing check still allows it. */
  async setReliance(id: string, reliance: Pick<ReferralRecord, 'reliedConsentIds' | 'reliedLegalBasisIds' | 'validUntil'>, at: Date): Promise<void> {
    await execute(
      this.tx.manager,
      `UPDATE referral SET relied_consent_ids = $2, relied_legal_basis_ids = $3, valid_until = $4, updated_at = $5, version = version + 1 WHERE id = $1`,
      [id, reliance.reliedConsentIds, reliance.reliedLegalBasisIds, reliance.validUntil, at],
    );
  }

  /**
   * The worker's scan: marks once, and answers, the pending referrals whose reminder time has come
   * (before the deadline) or whose deadline has passed. SKIP LOCKED lets several workers share a scan.
   */
  async markDue(kind: 'reminder' | 'overdue', now: Date, limit: number): Promise<Array<{ id: string; case_id: string }>> {
    const due =
      kind === 'reminder'
        ? `reminded_at IS NULL AND reminder_at <= $1 AND deadline_at > $1 ORDER BY reminder_at`
        : `overdue_at IS NULL AND deadline_at <= $1 ORDER BY deadline_at`;
    const column = kind === 'reminder' ? 'reminded_at' : 'overdue_at';
    const { rows } = await execute<{ id: string; case_id: string }>(
      this.tx.manager,
      `UPDATE referral SET ${column} = $1 WHERE id IN (SELECT id FROM referral WHERE status = 'pending' AND ${due} LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, case_id`,
      [now, limit],
    );
    return rows;
  }

  async history(id: string): Promise<HistoryEntry[]> {
    const rows = await selectRows<Row>(
      this.tx.manager,
      `SELECT action, from_state, to_state, actor_unit_id, at, reason_code FROM referral_history WHERE record_id = $1 ORDER BY id`,
      [id],
    );
    return rows.map((row) => ({
      action: row.action as string,
      fromState: row.from_state as string,
      toState: row.to_state as string,
      actorUnitId: (row.actor_unit_id as string | null) ?? null,
      at: row.at as Date,
      reasonCode: (row.reason_code as string | null) ?? null,
    }));
  }

  async addSnapshot(snapshot: Omit<SnapshotRecord, 'seq'> & { createdBy: string }): Promise<number> {
    const {
      rows: [row],
    } = await execute<{ seq: number }>(
      this.tx.manager,
      `INSERT INTO referral_snapshot (id, referral_id, seq, content_enc, fields, changed, created_by, created_at)
       VALUES ($1, $2, (SELECT coalesce(max(seq), 0) + 1 FROM referral_snapshot WHERE referral_id = $2), $3, $4, $5, $6, $7) RETURNING seq`,
      [
        snapshot.id,
        snapshot.referralId,
        snapshot.contentEnc,
        JSON.stringify(snapshot.fields),
        JSON.stringify(snapshot.changed),
        snapshot.createdBy,
        snapshot.createdAt,
      ],
    );
    return row.seq;
  }

  /** The newest snapshot the caller may read (none for a centre before acceptance: the policy says so). */
  async latestSnapshot(referralId: string): Promise<SnapshotRecord | undefined> {
    const row = await selectOne<Row>(
      this.tx.manager,
      `SELECT id, referral_id, seq, content_enc, fields, changed, created_at FROM referral_snapshot WHERE referral_id = $1 ORDER BY seq DESC LIMIT 1`,
      [referralId],
    );
    return (
      row && {
        id: row.id as string,
        referralId: row.referral_id as string,
        seq: row.seq as number,
        contentEnc: row.content_enc as string,
        fields: row.fields as SharedFields,
        changed: row.changed as SharedFields,
        createdAt: row.created_at as Date,
      }
    );
  }

  async addNote(note: NoteRecord & { referralId: string }): Promise<void> {
    await execute(
      this.tx.manager,
      `INSERT INTO referral_note (id, referral_id, author_user_id, author_name, body_enc, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [note.id, note.referralId, note.authorUserId, note.authorName, note.bodyEnc, note.createdAt],
    );
  }

  async notes(referralId: string): Promise<NoteRecord[]> {
    const rows = await selectRows<Row>(
      this.tx.manager,
      `SELECT id, author_user_id, author_name, body_enc, created_at FROM referral_note WHERE referral_id = $1 ORDER BY created_at, id`,
      [referralId],
    );
    return rows.map((row) => ({
      id: row.id as string,
      authorUserId: row.author_user_id as string,
      authorName: row.author_name as string,
      bodyEnc: row.body_enc as string,
      createdAt: row.created_at as Date,
    }));
  }

  /** Moves the case's status to what its referrals say (a SECURITY DEFINER function: the centre cannot read the case). */
  async caseFollows(caseId: string, actor: { userId: string | null; unitId: string | null }, at: Date): Promise<void> {
    await selectRows(this.tx.manager, `SELECT app.case_follows_referrals($1, $2, $3, $4)`, [caseId, actor.userId, actor.unitId, at]);
  }

  private async records(sql: string, params: unknown[]): Promise<ReferralRecord[]> {
    return (await selectRows<Row>(this.tx.manager, sql, params)).map(toRecord);
  }
}
