import { createTestDatabase, startChildApp, TestDatabase, testEnvironment } from '@app/testing';

/*
 * Review finding: when PostgreSQL cannot be reached at boot (a container started before its database,
 * a restart by `npm start` during a PostgreSQL restart), the api and the worker print Nest's default
 * console output: ANSI-coloured, multi-line stack traces, ~40 lines that are not JSON. The one plain
 * line each refusal is allowed ("API failed to start: …") is not the problem.
 */
describe('boot output when PostgreSQL is unreachable', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it.each([
    ['api', /^API failed to start: /],
    ['worker', /^Worker failed to start: /],
  ] as const)(
    '%s: every line is JSON or its one refusal line',
    async (app, refusal) => {
      const unreachable = 'postgres://referral_api:x@127.0.0.1:1/referral_desk';
      const child = startChildApp(app, { ...testEnvironment(database, app), DATABASE_URL: unreachable, LOG_LEVEL: 'info' });
      expect(await child.exited).not.toBe(0);
      const stray = child.logs.lines.filter((line) => {
        if (refusal.test(line)) return false;
        try {
          JSON.parse(line);
          return false;
        } catch {
          return true;
        }
      });
      expect(stray).toEqual([]);
      // …and it did say why, in JSON (the database that could not be reached)
      expect(child.logs.lines.filter((line) => line.startsWith('{')).length).toBeGreaterThan(0);
    },
    120_000,
  );
});
