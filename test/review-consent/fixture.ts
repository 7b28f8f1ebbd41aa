import { LogCapture, TestDatabase, TestHttpApp } from '@app/testing';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { DemoPeople, signInAs, SignedIn } from '../support/identity-fixtures';

export const MINUTE = 60_000;
export const person = (nameLatin: string, birthDate: string, sex = 'female') => ({ nameLatin, birthDate, sex });

export interface FamilyCase {
  id: string;
  mother: string;
  child: string;
  teen: string;
  father: string;
  motherAsGuardian: string;
}

/** A case with an adult victim, a child under 15, a teen of 15+, a father (alleged perpetrator), and the mother added as guardian. */
export async function openFamilyCase(who: SignedIn, title = 'Family at risk, probe'): Promise<FamilyCase> {
  const opened = await who
    .post('/api/v1/cases', {
      category: 'domestic_violence',
      urgency: 'high',
      intakeChannel: 'walk_in',
      title,
      narrative: 'Narrative of the hostile test',
      subjects: [
        { role: 'victim', person: person('Mariam Hostile', '1988-03-03') },
        { role: 'child', person: person('Lina Hostile', '2016-05-05') },
        { role: 'child', person: person('Yusuf Hostile', '2010-01-01', 'male') },
        { role: 'alleged_perpetrator', person: person('Khalid Hostile', '1980-01-01', 'male') },
      ],
    })
    .expect(201);
  const named = (name: string) => opened.body.subjects.find((entry: any) => entry.nameLatin === name);
  const [mother, child, teen, father] = ['Mariam Hostile', 'Lina Hostile', 'Yusuf Hostile', 'Khalid Hostile'].map(named);
  const added = await who
    .post(`/api/v1/cases/${opened.body.id}/subjects`, { role: 'guardian', personId: mother.personId, version: opened.body.version })
    .expect(200);
  const motherAsGuardian = added.body.subjects.find((entry: any) => entry.personId === mother.personId && entry.role === 'guardian').id;
  return { id: opened.body.id, mother: mother.id, child: child.id, teen: teen.id, father: father.id, motherAsGuardian };
}

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

export const consentBody = (subjectId: string, overrides: Record<string, unknown> = {}) => ({
  subjectId,
  givenBy: 'subject',
  centres: { any: true },
  services: ['protection', 'psychological_support'],
  dataCategories: ['identity', 'contact'],
  method: 'verbal',
  language: 'ar',
  ...overrides,
});

/** The error body without the per-request ids, to compare two refusals. */
export const shapeOf = (body: any) => {
  const { errorId: _e, correlationId: _c, requestId: _r, ...rest } = body ?? {};
  return rest;
};
