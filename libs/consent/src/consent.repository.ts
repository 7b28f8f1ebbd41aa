import { Injectable } from '@nestjs/common';
import { execute, selectOne, selectRows, TransactionRunner } from '@app/database';
import { RecordScope } from '@app/identity';
import { ConsentEntry } from './sharing-decision';
import { ADULT_AGE, ConsentGiver, MinorView } from './vocabulary';

/** A consent record as stored: the note and withdrawal reason still encrypted. */
export interface ConsentRecord extends ConsentEntry {
  caseId: string;
  subjectId: string;
  guardianSubjectId: string | null;
  method: string;
  language: string;
  noteEnc: string | null;
  supersedesId: string | null;
  recordedBy: string;
  withdrawalRecordedBy: string | null;
  withdrawalReportedBy: string | null;
  withdrawalReasonEnc: string | null;
}

export type NewConsent = Omit<ConsentRecord, 'supersededBy' | 'withdrawnAt' | 'withdrawalRecordedBy' | 'withdrawalReportedBy' | 'withdrawalReasonEnc'>;

const COLUMNS = `r.id, r.case_id, r.subject_id, r.person_id, r.given_by, r.guardian_subject_id, r.guardian_person_id, r.minor_view, r.any_centre,
  r.centre_ids, r.services, r.data_categories, r.method, r.language, r.note_enc, r.expires_at, r.supersedes_id, r.recorded_by, r.recorded_at,
  r.withdrawn_at, r.withdrawal_recorded_by, r.withdrawal_reported_by, r.withdrawal_reason_enc,
  (SELECT n.id FROM consent_record n WHERE n.supersedes_id = r.id) AS superseded_by`;

const toRecord = (row: Record<string, unknown>): ConsentRecord => ({
  id: row.id as string,
  caseId: row.case_id as string,
  subjectId: row.subject_id as string,
  personId: row.person_id as string,
  givenBy: row.given_by as ConsentGiver,
  guardianSubjectId: row.guardian_subject_id as string | null,
  guardianPersonId: row.guardian_person_id as string | null,
  minorView: row.minor_view as MinorView | null,
  anyCentre: row.any_centre as boolean,
  centreIds: row.centre_ids as string[],
  services: row.services as string[],
  dataCategories: row.data_categories as string[],
  method: row.method as string,
  language: row.language as string,
  noteEnc: row.note_enc as string | null,
  expiresAt: row.expires_at as Date | null,
  supersedesId: row.supersedes_id as string | null,
  supersededBy: row.superseded_by as string | null,
  recordedBy: row.recorded_by as string,
  recordedAt: row.recorded_at as Date,
  withdrawnAt: row.withdrawn_at as Date | null,
  withdrawalRecordedBy: row.withdrawal_recorded_by as string | null,
  withdrawalReportedBy: row.withdrawal_reported_by as string | null,
  withdrawalReasonEnc: row.withdrawal_reason_enc as string | null,
});

/** Whether a person (alias `p`) is 18 or more on the UTC day of `at`, by birth date or by an age stated on a day. */
const adultBy = (p: string, at: string) => `(
  (${p}.birth_date IS NOT NULL AND ${p}.birth_date + interval '${ADULT_AGE} years' <= (${at}::timestamptz AT TIME ZONE 'UTC')::date)
  OR (${p}.stated_age IS NOT NULL AND ${p}.age_stated_on + make_interval(years => ${ADULT_AGE} - ${p}.stated_age) <= (${at}::timestamptz AT TIME ZONE 'UTC')::date))`;

/** The consent ledger. Row-level security scopes every statement to the cases the caller reads. */
@Injectable()
export class ConsentRepository {
  constructor(private readonly tx: TransactionRunner) {}

  /** False when the superseded record already has a successor (a concurrent change won). */
  async insert(record: NewConsent): Promise<boolean> {
    const { rowCount } = await execute(
      this.tx.manager,
      `INSERT INTO consent_record (id, case_id, subject_id, person_id, given_by, guardian_subject_id, guardian_person_id, minor_view, any_centre,
         centre_ids, services, data_categories, method, language, note_enc, expires_at, supersedes_id, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (supersedes_id) DO NOTHING`,
      [
        record.id,
        record.caseId,
        record.subjectId,
        record.personId,
        record.givenBy,
        record.guardianSubjectId,
        record.guardianPersonId,
        record.minorView,
        record.anyCentre,
        record.centreIds,
        record.services,
        record.dataCategories,
        record.method,
        record.language,
        record.noteEnc,
        record.expiresAt,
        record.supersedesId,
        record.recordedBy,
        record.recordedAt,
      ],
    );
    return rowCount === 1;
  }

  async ofCase(scope: RecordScope<'case'>): Promise<ConsentRecord[]> {
    const rows = await selectRows<Record<string, unknown>>(
      this.tx.manager,
      `SELECT ${COLUMNS} FROM consent_record r WHERE r.case_id = $1 ORDER BY r.recorded_at, r.id`,
      [scope.id],
    );
    return rows.map(toRecord);
  }

  async findOne(scope: RecordScope<'consent'>): Promise<ConsentRecord | undefined> {
    const row = await selectOne<Record<string, unknown>>(this.tx.manager, `SELECT ${COLUMNS} FROM consent_record r WHERE r.id = $1`, [scope.id]);
    return row && toRecord(row);
  }

  /** The case of each visible record (row-level security hides the others). */
  async casesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await selectRows<{ id: string; case_id: string }>(this.tx.manager, `SELECT id, case_id FROM consent_record WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((row) => [row.id, row.case_id]));
  }

  /**
   * Locks the record until the transaction ends, so a withdrawal and a superseding change of it never
   * both succeed: whoever comes second reads the first one's result afterwards (a new statement).
   */
  async lock(scope: RecordScope<'consent'>): Promise<void> {
    await selectRows(this.tx.manager, `SELECT id FROM consent_record WHERE id = $1 FOR UPDATE`, [scope.id]);
  }

  /** Ends a current record once: false when it was already withdrawn or superseded. */
  async withdraw(scope: RecordScope<'consent'>, withdrawal: { at: Date; recordedBy: string; reportedBy: string; reasonEnc: string }): Promise<boolean> {
    const { rowCount } = await execute(
      this.tx.manager,
      `UPDATE consent_record r SET withdrawn_at = $2, withdrawal_recorded_by = $3, withdrawal_reported_by = $4, withdrawal_reason_enc = $5
        WHERE r.id = $1 AND r.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM consent_record n WHERE n.supersedes_id = r.id)`,
      [scope.id, withdrawal.at, withdrawal.recordedBy, withdrawal.reportedBy, withdrawal.reasonEnc],
    );
    return rowCount === 1;
  }

  /**
   * Marks, once, current records that have lapsed by `now`: past their expiry, or a guardian's consent
   * for a subject who has turned 18. Answers them for the domain event. The worker's own statement.
   */
  async announceLapsed(now: Date, limit: number): Promise<Array<{ id: string; caseId: string }>> {
    const rows = await selectRows<{ id: string; case_id: string }>(
      this.tx.manager,
      `UPDATE consent_record r SET lapse_announced_at = $1 WHERE r.id IN (
         SELECT c.id FROM consent_record c JOIN person p ON p.id = c.person_id
          WHERE c.lapse_announced_at IS NULL AND c.withdrawn_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM consent_record n WHERE n.supersedes_id = c.id)
            AND (c.expires_at <= $1 OR (c.given_by = 'guardian' AND ${adultBy('p', '$1')}))
          ORDER BY c.expires_at NULLS LAST, c.id LIMIT $2 FOR UPDATE OF c SKIP LOCKED)
       RETURNING r.id, r.case_id`,
      [now, limit],
    );
    return rows.map((row) => ({ id: row.id, caseId: row.case_id }));
  }

  /** Which of `ids` are active partner centres. */
  async activeCentres(ids: readonly string[]): Promise<Set<string>> {
    const rows = await selectRows<{ id: string }>(this.tx.manager, `SELECT id FROM unit WHERE id = ANY($1::uuid[]) AND kind = 'partner_centre' AND active`, [
      ids,
    ]);
    return new Set(rows.map((row) => row.id));
  }
}
