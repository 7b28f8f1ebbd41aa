import { LogCapture, TestDatabase, TestHttpApp } from '@app/testing';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { DemoPeople, signInAs, SignedIn } from '../support/identity-fixtures';

export const MINUTE = 60_000;
import { consentBody as baseConsentBody } from '../support/family-case';
export { FamilyCase, openFamilyCase, person } from '../support/family-case';

export interface Harness {
  system: DemoApi;
  database: TestDatabase;
  api: TestHttpApp;
  demo: DemoPeople;
  logs: LogCapture;
  as: Record<string, SignedIn>;
  aman: string;
  wifaq: string;
  signIn(name: string): Promise<SignedIn>;
}

export async function startHarness(names: string[]): Promise<Harness> {
  const logs = new LogCapture();
  const system = await startDemoApi({ LOG_LEVEL: 'info' }, undefined, logs);
  const as: Record<string, SignedIn> = {};
  for (const name of names) as[name] = await signInAs(system.api, (system.demo as any)[name]);
  return {
    system,
    database: system.database,
    api: system.api,
    demo: system.demo,
    logs,
    as,
    aman: system.unitIds['AMAN-CPD'],
    wifaq: system.unitIds['WIFAQ-CPD'],
    signIn: async (name: string) => (as[name] = await signInAs(system.api, (system.demo as any)[name])),
  };
}

/** The review's consent body: protection and psychological support, identity and contact. */
export const consentBody = (subjectId: string, overrides: Record<string, unknown> = {}) =>
  baseConsentBody(subjectId, { services: ['protection', 'psychological_support'], dataCategories: ['identity', 'contact'], ...overrides });

/** The error body without the per-request ids, to compare two refusals. */
export const shapeOf = (body: any) => {
  const { errorId: _e, correlationId: _c, requestId: _r, ...rest } = body ?? {};
  return rest;
};
