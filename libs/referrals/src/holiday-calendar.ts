import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock, DomainException, FieldErrorCode, RecordNotFoundException, RequestValidationException } from '@app/core';
import { execute, selectRows, TransactionRunner } from '@app/database';
import { AccessService } from '@app/identity';
import { CreateHolidayDto, HolidayListView, HolidayView } from './dto/holiday.dto';
import { ReferralErrorCode } from './referrals.exception';

interface HolidayRow {
  id: string;
  day: string;
  name_ar: string;
  name_en: string;
}

const COLUMNS = `id, to_char(day, 'YYYY-MM-DD') AS day, name_ar, name_en`;
const toView = (row: HolidayRow): HolidayView => ({ id: row.id, day: row.day, nameAr: row.name_ar, nameEn: row.name_en });

const holidayExists = () =>
  new DomainException(ReferralErrorCode.HOLIDAY_EXISTS, HttpStatus.CONFLICT, 'That day is already in the calendar', {
    fields: [{ field: 'day', code: ReferralErrorCode.HOLIDAY_EXISTS, message: 'That day is already in the calendar' }],
  });

/** A day that exists (2026-02-31 matches the pattern but names none), within the table's range. */
const isCalendarDay = (day: string) => day >= '2000-01-01' && day <= '2199-12-31' && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;

/**
 * The days the centres' offices are closed, kept by administrators; acceptance deadlines counted in
 * office hours skip them. Each addition and removal is in the audit trail with the day.
 */
@Injectable()
export class HolidayCalendar {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** One year's days, or every day from the start of last year on, in date order. */
  list(year?: number): Promise<HolidayListView> {
    const from = `${year ?? this.clock.now().getUTCFullYear() - 1}-01-01`;
    const to = year ? `${year}-12-31` : '2199-12-31';
    return this.tx.run(async () => {
      const rows = await selectRows<HolidayRow>(this.tx.manager, `SELECT ${COLUMNS} FROM office_holiday WHERE day BETWEEN $1 AND $2 ORDER BY day`, [from, to]);
      return { items: rows.map(toView) };
    });
  }

  /** Every closed day from `day` (YYYY-MM-DD) on: what a deadline counted from then skips. */
  async closedDaysFrom(day: string): Promise<Set<string>> {
    const rows = await selectRows<{ day: string }>(this.tx.manager, `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM office_holiday WHERE day >= $1`, [day]);
    return new Set(rows.map((row) => row.day));
  }

  add(input: CreateHolidayDto): Promise<HolidayView> {
    if (!isCalendarDay(input.day)) throw new RequestValidationException([{ field: 'day', code: FieldErrorCode.INVALID, message: 'day is not a date' }]);
    return this.tx.run(async () => {
      const {
        rows: [row],
      } = await execute<HolidayRow>(
        this.tx.manager,
        `INSERT INTO office_holiday (day, name_ar, name_en, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (day) DO NOTHING RETURNING ${COLUMNS}`,
        [input.day, input.nameAr, input.nameEn, this.access.actor().userId, this.clock.now()],
      );
      if (!row) throw holidayExists();
      await this.audit.record({ action: 'holiday.added', objectType: 'holiday', objectId: row.id, detail: { day: row.day } });
      return toView(row);
    });
  }

  remove(id: string): Promise<void> {
    return this.tx.run(async () => {
      const {
        rows: [row],
      } = await execute<HolidayRow>(this.tx.manager, `DELETE FROM office_holiday WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
      if (!row) throw new RecordNotFoundException();
      await this.audit.record({ action: 'holiday.removed', objectType: 'holiday', objectId: id, detail: { day: row.day } });
    });
  }
}
