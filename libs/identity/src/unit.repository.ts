import { Injectable } from '@nestjs/common';
import { execute, PageRequest, selectOne, selectPage, selectRows, TransactionRunner, updateVersioned } from '@app/database';

export interface UnitRow {
  id: string;
  kind: string;
  code: string;
  name_ar: string;
  name_en: string;
  parent_id: string | null;
  time_zone: string;
  services: string[];
  case_categories: string[];
  office_location: string | null;
  acceptance_hours: Record<string, number> | null;
  office_opens: string;
  office_closes: string;
  calendar_hours_urgencies: string[];
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface UnitFields {
  kind: string;
  code: string;
  nameAr: string;
  nameEn: string;
  parentId: string | null;
  timeZone: string;
  services: string[];
  caseCategories: string[];
  officeLocation: string | null;
  acceptanceHours: Record<string, number> | null;
  /** Local times of day ("07:00"): acceptance deadlines count office hours between them. */
  officeOpens: string;
  officeCloses: string;
  /** The urgencies whose acceptance deadline counts calendar hours, not office hours (critical by default). */
  calendarHoursUrgencies: string[];
  active: boolean;
}

const COLUMNS: Record<keyof UnitFields, string> = {
  kind: 'kind',
  code: 'code',
  nameAr: 'name_ar',
  nameEn: 'name_en',
  parentId: 'parent_id',
  timeZone: 'time_zone',
  services: 'services',
  caseCategories: 'case_categories',
  officeLocation: 'office_location',
  acceptanceHours: 'acceptance_hours',
  officeOpens: 'office_opens',
  officeCloses: 'office_closes',
  calendarHoursUrgencies: 'calendar_hours_urgencies',
  active: 'active',
};

/** Named, never `*`: statements are prepared once per connection, and a new column must not change their result. */
const UNIT_COLUMNS = `id, kind, code, name_ar, name_en, parent_id, time_zone, services, case_categories, office_location, acceptance_hours,
  office_opens, office_closes, calendar_hours_urgencies, active, version, created_at, updated_at`;

@Injectable()
export class UnitRepository {
  constructor(private readonly tx: TransactionRunner) {}

  findById(id: string): Promise<UnitRow | undefined> {
    return selectOne(this.tx.manager, `SELECT ${UNIT_COLUMNS} FROM unit WHERE id = $1`, [id]);
  }

  list(filter: { kind?: string }, page: PageRequest): Promise<{ items: UnitRow[]; total: number }> {
    return selectPage(
      this.tx.manager,
      { select: UNIT_COLUMNS, from: 'unit', where: '($1::text IS NULL OR kind = $1)', params: [filter.kind ?? null], orderBy: 'kind, code' },
      page,
    );
  }

  async insert(fields: UnitFields, at: Date): Promise<UnitRow | undefined> {
    const names = Object.keys(COLUMNS) as (keyof UnitFields)[];
    const { rows } = await execute<UnitRow>(
      this.tx.manager,
      `INSERT INTO unit (${names.map((name) => COLUMNS[name]).join(', ')}, created_at, updated_at)
       VALUES (${names.map((_, index) => `$${index + 1}`).join(', ')}, $${names.length + 1}, $${names.length + 1})
       ON CONFLICT (code) DO NOTHING RETURNING ${UNIT_COLUMNS}`,
      [...names.map((name) => fields[name]), at],
    );
    return rows[0];
  }

  /** The unit and its ancestors, nearest first (bounded, so a corrupt cycle cannot loop forever). */
  ancestryOf(id: string): Promise<Array<{ id: string; kind: string }>> {
    return selectRows(
      this.tx.manager,
      `WITH RECURSIVE up AS (
         SELECT id, kind, parent_id, 1 AS depth FROM unit WHERE id = $1
         UNION ALL SELECT u.id, u.kind, u.parent_id, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent_id WHERE up.depth < 64)
       SELECT id, kind FROM up ORDER BY depth`,
      [id],
    );
  }

  /** A versioned update: the row, a 409 when the version is stale, undefined when out of scope. */
  update(id: string, version: number, at: Date, changes: Partial<UnitFields>): Promise<UnitRow | undefined> {
    const set = Object.fromEntries(Object.entries(changes).map(([field, value]) => [COLUMNS[field as keyof UnitFields], value]));
    return updateVersioned(this.tx.manager, { table: 'unit', id, version, set, at, returning: UNIT_COLUMNS });
  }
}

/** A row's fields in the service's terms (camelCase), for views and for validating a partial update. */
export function unitFieldsOf(unit: UnitRow): UnitFields {
  return {
    kind: unit.kind,
    code: unit.code,
    nameAr: unit.name_ar,
    nameEn: unit.name_en,
    parentId: unit.parent_id,
    timeZone: unit.time_zone,
    services: unit.services,
    caseCategories: unit.case_categories,
    officeLocation: unit.office_location,
    acceptanceHours: unit.acceptance_hours,
    officeOpens: unit.office_opens,
    officeCloses: unit.office_closes,
    calendarHoursUrgencies: unit.calendar_hours_urgencies,
    active: unit.active,
  };
}
