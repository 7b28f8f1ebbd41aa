import { COLUMN_CLASSES, UNCLASSIFIED_PLATFORM_TABLES } from '@app/database';
import { createTestDatabase, TestDatabase } from '@app/testing';

/** Every column of every domain table has a data class; special-nature columns hold ciphertext only. */
describe('data classification (real PostgreSQL catalog)', () => {
  let database: TestDatabase;
  let columns: Array<{ table: string; column: string }>;

  beforeAll(async () => {
    database = await createTestDatabase();
    columns = await database.asSuperuser(
      `SELECT table_name AS table, column_name AS column FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
  });
  afterAll(() => database.drop());

  it('finds the domain tables (the check would pass vacuously on an empty catalog)', () => {
    for (const table of Object.keys(COLUMN_CLASSES)) expect([table, columns.some((entry) => entry.table === table)]).toEqual([table, true]);
  });

  it('every column of every table outside the platform list is classified, and nothing classified is missing', () => {
    const platform = new Set<string>(UNCLASSIFIED_PLATFORM_TABLES);
    const unclassified = columns.filter((entry) => !platform.has(entry.table) && !COLUMN_CLASSES[entry.table]?.[entry.column]);
    expect(unclassified).toEqual([]);
    const stale = Object.entries(COLUMN_CLASSES).flatMap(([table, classes]) =>
      Object.keys(classes)
        .filter((column) => !columns.some((entry) => entry.table === table && entry.column === column))
        .map((column) => `${table}.${column}`),
    );
    expect(stale).toEqual([]);
  });

  it('the platform list names only tables that exist', () => {
    const tables = new Set(columns.map((entry) => entry.table));
    expect(UNCLASSIFIED_PLATFORM_TABLES.filter((table) => !tables.has(table))).toEqual([]);
  });

  it('special-nature columns are ciphertext columns (*_enc), and every *_enc column is special', () => {
    const classified = Object.entries(COLUMN_CLASSES).flatMap(([table, classes]) => Object.entries(classes).map(([column, kind]) => ({ table, column, kind })));
    expect(classified.filter((entry) => (entry.kind === 'special') !== entry.column.endsWith('_enc'))).toEqual([]);
  });
});
