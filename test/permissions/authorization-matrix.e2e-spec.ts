import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Clock, loadConfig, RouteAccessInspector, USER_ROLES } from '@app/core';
import { DemoCredential } from '@app/database';
import { createTestDatabase, createTestHttpApp, TestDatabase, testEnvironment, TestHttpApp } from '@app/testing';
import { consentBody } from '../support/family-case';
import { demoForRole, DemoRole, seedDemoIdentity, signInAs, SignedIn, totpAt } from '../support/identity-fixtures';
import { ApiModule } from '../../apps/api/src/api.module';

/**
 * Every Nest route × every point of view → the HTTP status, from the checked-in matrix
 * (authorization-matrix.json). Allowed callers send a valid request and must succeed; the others
 * must be refused by the permission check (403 FORBIDDEN) or, anonymous, by authentication (401).
 * The test also fails when the api has a route the matrix does not cover, or the matrix a route the
 * api does not have.
 */

const MATRIX_FILE = path.join(__dirname, 'authorization-matrix.json');
const ROLES: readonly DemoRole[] = USER_ROLES;
type PointOfView = 'anonymous' | DemoRole;
const POINTS_OF_VIEW: PointOfView[] = ['anonymous', ...ROLES];

const STRONG = 'Correct-Horse-Battery-Staple-42';
/** Cached sessions are renewed well before the 30 min idle timeout (TOTP sign-ins move the clock 30 s each). */
const CACHED_SESSION_MAX_AGE_MS = 20 * 60 * 1000;

interface MatrixEntry {
  route: string;
  /** 'fresh': the cell signs in anew, because the route ends or replaces sessions. */
  session?: 'fresh';
  request: { path: string; body?: unknown };
  expect: Record<PointOfView, number>;
}

interface CellResult {
  route: string;
  pointOfView: PointOfView;
  expected: number;
  /** The error code the expected status must carry, where one is implied (403 FORBIDDEN, anonymous 401 UNAUTHENTICATED). */
  expectedCode?: string;
  status: number;
  code?: string;
  message?: string;
  mismatch: boolean;
}

type Values = Record<string, string | number>;

const loadMatrix = (): MatrixEntry[] => (JSON.parse(readFileSync(MATRIX_FILE, 'utf8')) as { entries: MatrixEntry[] }).entries;
/** 'GET /api/v1/units/:id/members (other unit)' → 'GET /api/v1/units/:id/members'. */
const routeKey = (route: string): string => route.replace(/\s+\(.*\)$/, '');
const placeholdersIn = (value: unknown): string[] => [...new Set([...JSON.stringify(value ?? null).matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]))];

/** A string that is exactly one placeholder takes the value's type (versions are numbers); others are interpolated. */
function interpolate(value: unknown, values: Values): unknown {
  if (typeof value === 'string') {
    const whole = /^\{([A-Za-z]+)\}$/.exec(value);
    if (whole) return values[whole[1]];
    return value.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => String(values[name]));
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, values));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, values)]));
  return value;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join(' | ');
  return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.slice(1).map(line)].join('\n');
}

describe('authorization matrix: every route × every point of view (HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: TestHttpApp;
  /** The demo users' credentials as they are now (a password-change cell changes one). */
  let credentials: Record<DemoRole, DemoCredential>;
  let secondAdministrator: DemoCredential;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  let accessByRoute: Map<string, string | undefined>;
  const entries = loadMatrix();
  const cached = new Map<DemoRole, { session: SignedIn; signedInAt: number }>();
  const notNoStore: string[] = [];
  let uniqueCounter = 0;

  const clock = (): Clock => api.clock;
  const nextUnique = () => `${Date.now().toString(36).toUpperCase()}${(uniqueCounter += 1)}`;

  /**
   * The no-store directive must be there. Its exact value varies: terminus's @HealthCheck() routes
   * replace the app's `no-store` with `no-cache, no-store, must-revalidate`, which stores nothing either.
   */
  function checkNoStore(what: string, response: { headers: Record<string, string | string[] | undefined> }): void {
    const header = response.headers['cache-control'];
    const directives = String(header ?? '')
      .split(',')
      .map((directive) => directive.trim().toLowerCase());
    if (!directives.includes('no-store')) notNoStore.push(`${what}: cache-control ${JSON.stringify(header)}`);
  }

  /** One session per role for cells that leave it intact; renewed before it could go idle. */
  async function cachedSession(role: DemoRole): Promise<SignedIn> {
    const now = clock().now().getTime();
    const hit = cached.get(role);
    if (hit && now - hit.signedInAt < CACHED_SESSION_MAX_AGE_MS) return hit.session;
    const session = await signInAs(api, credentials[role]);
    cached.set(role, { session, signedInAt: clock().now().getTime() });
    return session;
  }

  async function createTargetUser(unique: string): Promise<Values> {
    const admin = await cachedSession('administrator');
    const username = `matrix-target-${unique}`.toLowerCase();
    const response = await admin.post('/api/v1/admin/users', {
      username,
      displayName: `Matrix target ${unique}`,
      unitId: unitIds['CPD-RAYYAN'],
      roles: ['desk_officer'],
      temporaryPassword: STRONG,
    });
    checkNoStore('setup: create target user', response);
    if (response.status !== 201) throw new Error(`could not create a target user: ${response.status} ${JSON.stringify(response.body)}`);
    return { targetUserId: response.body.id, targetUserVersion: response.body.version, targetUsername: username };
  }

  /** A pending approval asked for by the second administrator, so the first may decide it. */
  async function createPendingApproval(unique: string): Promise<Values> {
    const requester = await signInAs(api, secondAdministrator);
    const response = await requester.post('/api/v1/admin/users', {
      username: `matrix-pending-${unique}`.toLowerCase(),
      displayName: `Matrix pending auditor ${unique}`,
      unitId: unitIds['MOI-AUDIT'],
      roles: ['auditor'],
      temporaryPassword: STRONG,
    });
    checkNoStore('setup: request a privileged account', response);
    if (response.status !== 202) throw new Error(`could not create a pending approval: ${response.status} ${JSON.stringify(response.body)}`);
    return { pendingApprovalId: response.body.id };
  }

  async function createTargetUnit(unique: string): Promise<Values> {
    const admin = await cachedSession('administrator');
    const response = await admin.post('/api/v1/admin/units', {
      kind: 'police_unit',
      code: `MT-${unique}`,
      nameAr: `وحدة ${unique}`,
      nameEn: `Matrix target unit ${unique}`,
    });
    checkNoStore('setup: create target unit', response);
    if (response.status !== 201) throw new Error(`could not create a target unit: ${response.status} ${JSON.stringify(response.body)}`);
    return { targetUnitId: response.body.id, targetUnitVersion: response.body.version };
  }

  /** A code for enrolment/confirm: from an enrolment the cell starts, or the caller's enrolled secret when they have one. */
  async function enrolmentCode(pointOfView: PointOfView, session: SignedIn | undefined): Promise<string> {
    if (!session || pointOfView === 'anonymous') return '000000';
    const started = await session.post('/api/v1/auth/second-factor/enrolment', { currentPassword: credentials[pointOfView].password });
    checkNoStore('setup: start enrolment', started);
    if (started.status === 200) return totpAt(started.body.secret, clock());
    const enrolled = credentials[pointOfView].totpSecret;
    return enrolled ? totpAt(enrolled, clock()) : '000000';
  }

  /** A case opened for one cell (two subjects), by the caller when they open cases, else by the desk officer. */
  async function createCase(pointOfView: PointOfView, unique: string, closed: boolean): Promise<Values> {
    const opener = await cachedSession(pointOfView === 'desk_officer' || pointOfView === 'supervisor' ? pointOfView : 'desk_officer');
    const response = await opener.post('/api/v1/cases', {
      category: 'family_dispute',
      urgency: 'medium',
      intakeChannel: 'walk_in',
      title: `Matrix case ${unique}`,
      narrative: 'Matrix narrative',
      subjects: [
        { role: 'victim', person: { nameLatin: 'Noor Haddad', sex: 'female', phones: ['+97455512345'], address: 'Matrix address' } },
        { role: 'witness', person: { nameLatin: 'Omar Saleh', sex: 'male' } },
      ],
    });
    checkNoStore('setup: open a case', response);
    if (response.status !== 201) throw new Error(`could not open a case: ${response.status} ${JSON.stringify(response.body)}`);
    const values: Values = {
      ownCaseId: response.body.id,
      ownCaseVersion: response.body.version,
      ownPersonId: response.body.subjects[0].personId,
      ownSubjectId: response.body.subjects[1].id,
    };
    if (!closed) return values;
    const closing = await opener.post(`/api/v1/cases/${response.body.id}/close`, { version: response.body.version, outcome: 'resolved' });
    if (closing.status !== 200) throw new Error(`could not close a case: ${closing.status} ${JSON.stringify(closing.body)}`);
    return { closedCaseId: closing.body.id, closedCaseVersion: closing.body.version };
  }

  /** A consent the opener of the cell's case records for its first subject (an adult consenting for themselves). */
  async function recordConsent(pointOfView: PointOfView, values: Values): Promise<Values> {
    const recorder = await cachedSession(pointOfView === 'desk_officer' || pointOfView === 'supervisor' ? pointOfView : 'desk_officer');
    const detail = await recorder.get(`/api/v1/cases/${values.ownCaseId}`);
    const response = await recorder.post(
      `/api/v1/cases/${values.ownCaseId}/consents`,
      consentBody(detail.body.subjects[0].id, { note: 'Matrix consent note' }),
    );
    if (response.status !== 201) throw new Error(`could not record a consent: ${response.status} ${JSON.stringify(response.body)}`);
    return { ownConsentId: response.body.id };
  }

  /** A legal basis the desk officer requests on a case of theirs, pending: the supervisor may decide it, never its requester. */
  async function requestLegalBasis(unique: string): Promise<Values> {
    const values = await createCase('desk_officer', unique, false);
    const officer = await cachedSession('desk_officer');
    const response = await officer.post(`/api/v1/cases/${values.ownCaseId}/legal-bases`, {
      basis: 'child_at_risk',
      justification: 'Matrix justification',
      subjectIds: [values.ownSubjectId],
      dataCategories: ['identity'],
      expiresAt: new Date(clock().now().getTime() + 7 * 86_400_000).toISOString(),
    });
    if (response.status !== 201) throw new Error(`could not request a legal basis: ${response.status} ${JSON.stringify(response.body)}`);
    return { pendingLegalBasisId: response.body.id, pendingLegalBasisVersion: response.body.version };
  }

  async function resolve(entry: MatrixEntry, pointOfView: PointOfView, session: SignedIn | undefined): Promise<Values> {
    const names = placeholdersIn(entry.request);
    const ownUnit = pointOfView === 'anonymous' ? 'CPD-RAYYAN' : credentials[pointOfView].unit;
    const unique = nextUnique();
    const values: Values = {
      unique,
      ownUnitId: unitIds[ownUnit],
      otherUnitId: unitIds['CPD-HQ'],
      amanCentreId: unitIds['AMAN-CPD'],
      ministryUnitId: unitIds['MOI-AUDIT'],
    };
    if (names.includes('pendingApprovalId')) Object.assign(values, await createPendingApproval(unique));
    if (names.some((name) => name.startsWith('targetUser'))) Object.assign(values, await createTargetUser(unique));
    if (names.some((name) => name.startsWith('targetUnit'))) Object.assign(values, await createTargetUnit(unique));
    if (names.some((name) => name.startsWith('own') && name !== 'ownPassword' && name !== 'ownUnitId' && name !== 'ownUserId')) {
      Object.assign(values, await createCase(pointOfView, unique, false));
    }
    if (names.some((name) => name.startsWith('closedCase'))) Object.assign(values, await createCase(pointOfView, unique, true));
    if (names.includes('ownConsentId')) Object.assign(values, await recordConsent(pointOfView, values));
    if (names.some((name) => name.startsWith('pendingLegalBasis'))) Object.assign(values, await requestLegalBasis(unique));
    if (names.includes('ownUserId')) values.ownUserId = pointOfView === 'anonymous' ? unitIds['CPD-RAYYAN'] : userIds[credentials[pointOfView].username];
    if (names.includes('ownPassword')) values.ownPassword = pointOfView === 'anonymous' ? 'anonymous has no password' : credentials[pointOfView].password;
    if (names.includes('enrolmentCode')) values.enrolmentCode = await enrolmentCode(pointOfView, session);
    const unknown = names.filter((name) => values[name] === undefined);
    if (unknown.length > 0) throw new Error(`${entry.route}: unknown placeholder(s) ${unknown.map((name) => `{${name}}`).join(', ')}`);
    return values;
  }

  /** What has to hold around a cell so that it measures access, not the state earlier cells left. */
  const before: Record<string, () => Promise<void>> = {
    // No worker runs in this test: a heartbeat now, written as the worker's database role writes it,
    // so readiness answers 200 and the cell is about access only.
    'GET /health/ready': async () => {
      await database.as(
        'worker',
        `INSERT INTO worker_heartbeat (worker_id, beat_at, started_at) VALUES ('authorization-matrix', $1, $1)
         ON CONFLICT (worker_id) DO UPDATE SET beat_at = EXCLUDED.beat_at`,
        [clock().now()],
      );
    },
  };
  const after: Record<string, (pointOfView: DemoRole, body: any) => Promise<void>> = {
    'POST /api/v1/auth/password': async (role, body) => {
      credentials[role] = { ...credentials[role], password: body.newPassword };
    },
    // The demo user of a role without a second factor stays without one, as seeded.
    'POST /api/v1/auth/second-factor/enrolment/confirm': async (role) => {
      await database.asSuperuser(
        `UPDATE app_user SET totp_enabled = false, totp_secret_enc = NULL, totp_last_step = NULL, recovery_code_hashes = '{}' WHERE username = $1`,
        [credentials[role].username],
      );
    },
  };

  async function runCell(entry: MatrixEntry, pointOfView: PointOfView): Promise<CellResult> {
    const key = routeKey(entry.route);
    const method = key.split(' ')[0].toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    const fresh = entry.session === 'fresh';
    const session = pointOfView === 'anonymous' ? undefined : fresh ? await signInAs(api, credentials[pointOfView]) : await cachedSession(pointOfView);
    const values = await resolve(entry, pointOfView, session);
    const requestPath = interpolate(entry.request.path, values) as string;
    const body = entry.request.body === undefined ? undefined : (interpolate(entry.request.body, values) as object);
    await before[key]?.();
    // As asSession sends it: the cookie, and the CSRF header on state changes.
    let request = api.http()[method](requestPath);
    if (session) request = request.set('Cookie', session.cookie);
    if (session && method !== 'get') request = request.set('X-CSRF-Token', session.csrfToken);
    const response = method === 'get' ? await request : await request.send(body ?? {});
    checkNoStore(`${entry.route} as ${pointOfView}`, response);
    if (pointOfView !== 'anonymous' && response.status < 300) await after[key]?.(pointOfView, body);
    // The route ended or replaced sessions of this user, the cached one perhaps among them.
    if (fresh && pointOfView !== 'anonymous') cached.delete(pointOfView);

    const expected = entry.expect[pointOfView];
    const code: string | undefined = response.body?.code;
    // A 403 must come from the permission check (not CSRF or a pending password change), a 401 of an
    // anonymous caller on a signed-in route from the missing session.
    const expectedCode =
      expected === 403 ? 'FORBIDDEN' : expected === 401 && pointOfView === 'anonymous' && accessByRoute.get(key) !== 'public' ? 'UNAUTHENTICATED' : undefined;
    const mismatch = response.status !== expected || (expectedCode !== undefined && code !== expectedCode);
    return { route: entry.route, pointOfView, expected, expectedCode, status: response.status, code, message: response.body?.message, mismatch };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const people = await seedDemoIdentity(database);
    secondAdministrator = people.admin2;
    credentials = Object.fromEntries(USER_ROLES.map((role) => [role, demoForRole(people, role)])) as Record<DemoRole, DemoCredential>;
    const config = loadConfig(testEnvironment(database, 'api'));
    api = await createTestHttpApp(ApiModule.forRoot(config), config); // a ManualClock: TOTP sign-ins move it
    const units = await database.asSuperuser<{ id: string; code: string }>('SELECT id, code FROM unit');
    unitIds = Object.fromEntries(units.map((unit) => [unit.code, unit.id]));
    const users = await database.asSuperuser<{ id: string; username: string }>('SELECT id, username FROM app_user');
    userIds = Object.fromEntries(users.map((user) => [user.username, user.id]));
    accessByRoute = new Map(
      api.app
        .get(RouteAccessInspector)
        .listRoutes()
        .map((route) => [`${route.method} ${route.path}`, route.access]),
    );
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('covers exactly the routes of the api, each entry for all seven points of view', () => {
    const problems: string[] = [];
    const covered = new Set(entries.map((entry) => routeKey(entry.route)));
    for (const route of accessByRoute.keys()) if (!covered.has(route)) problems.push(`route without a matrix entry: ${route}`);
    for (const entry of entries) {
      const key = routeKey(entry.route);
      if (!accessByRoute.has(key)) problems.push(`matrix entry for a route the api does not have: ${entry.route}`);
      const missing = POINTS_OF_VIEW.filter((pov) => typeof entry.expect?.[pov] !== 'number');
      const extra = Object.keys(entry.expect ?? {}).filter((pov) => !POINTS_OF_VIEW.includes(pov as PointOfView));
      if (missing.length > 0) problems.push(`${entry.route}: no expected status for ${missing.join(', ')}`);
      if (extra.length > 0) problems.push(`${entry.route}: unknown point(s) of view ${extra.join(', ')}`);
      // The request must hit the route it is filed under.
      const pattern = new RegExp(
        `^${key
          .split(' ')[1]
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/:[A-Za-z]+/g, '[^/]+')}$`,
      );
      const samplePath = entry.request.path.replace(/\{[A-Za-z]+\}/g, 'x');
      if (!pattern.test(samplePath)) problems.push(`${entry.route}: request path ${entry.request.path} does not match the route`);
    }
    const names = entries.map((entry) => entry.route);
    for (const name of new Set(names)) if (names.filter((other) => other === name).length > 1) problems.push(`duplicate matrix entry: ${name}`);
    if (problems.length > 0) throw new Error(`authorization-matrix.json does not match the api's routes:\n  ${problems.join('\n  ')}`);
  });

  it('every cell answers as the matrix says, and every answer is no-store', async () => {
    const results: CellResult[] = [];
    // Entries for routes the api does not have are reported by the coverage test above.
    for (const entry of entries.filter((candidate) => accessByRoute.has(routeKey(candidate.route)))) {
      for (const pointOfView of POINTS_OF_VIEW) results.push(await runCell(entry, pointOfView));
    }
    const mismatches = results.filter((result) => result.mismatch);
    const run = entries.filter((entry) => accessByRoute.has(routeKey(entry.route)));
    const routes = new Set(run.map((entry) => routeKey(entry.route))).size;
    console.log(
      `authorization matrix: ${POINTS_OF_VIEW.length} points of view × ${run.length} entries (${routes} routes) = ${results.length} cells, ${mismatches.length} mismatches`,
    );
    const failures: string[] = [];
    if (mismatches.length > 0) {
      const rows = [
        ['route', 'point of view', 'expected', 'actual', 'code', 'message'],
        ...mismatches.map((result) => [
          result.route,
          result.pointOfView,
          [result.expected, result.expectedCode].filter(Boolean).join(' '),
          String(result.status),
          result.code ?? '',
          (result.message ?? '').slice(0, 80),
        ]),
      ];
      failures.push(`${mismatches.length} of ${results.length} cells differ from authorization-matrix.json:\n\n${table(rows)}`);
    }
    if (notNoStore.length > 0) failures.push(`${notNoStore.length} response(s) without cache-control: no-store:\n  ${notNoStore.join('\n  ')}`);
    if (failures.length > 0) throw new Error(failures.join('\n\n'));
  }, 120_000);
});
