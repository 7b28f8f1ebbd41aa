import { loadConfig, ManualClock } from '@app/core';
import { createTestDatabase, createTestHttpApp, LogCapture, TestDatabase, testEnvironment, TestHttpApp } from '@app/testing';
import { ApiModule } from '../../apps/api/src/api.module';
import { DemoPeople, seedDemoIdentity } from './identity-fixtures';

export interface DemoApi {
  database: TestDatabase;
  /** The api in process, on a clock the test moves. */
  api: TestHttpApp;
  clock: ManualClock;
  demo: DemoPeople;
  /** Unit ids by unit code, user ids by user name. */
  unitIds: Record<string, string>;
  userIds: Record<string, string>;
  stop(): Promise<void>;
}

/** A database of the test's own with the demo units and people, and the api in process on a manual clock. */
export async function startDemoApi(variables: Record<string, string> = {}, at = new Date('2026-12-01T08:00:00Z'), logs?: LogCapture): Promise<DemoApi> {
  const database = await createTestDatabase();
  const demo = await seedDemoIdentity(database);
  const clock = new ManualClock(at);
  const config = loadConfig(testEnvironment(database, 'api', variables));
  const api = await createTestHttpApp(ApiModule.forRoot(config, { logDestination: logs?.stream }), config, { clock });
  const idsBy = async (sql: string) => Object.fromEntries((await database.asSuperuser<{ k: string; id: string }>(sql)).map((row) => [row.k, row.id]));
  return {
    database,
    api,
    clock,
    demo,
    unitIds: await idsBy('SELECT code AS k, id FROM unit'),
    userIds: await idsBy('SELECT username AS k, id FROM app_user'),
    async stop() {
      await api.close();
      await database.drop();
    },
  };
}
