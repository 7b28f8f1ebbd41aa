import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, RolePermissions, RouteAccessInspector, ROUTES_OUTSIDE_NEST } from '@app/core';
import { createTestDatabase, createTestHttpApp, TestDatabase, testEnvironment, TestHttpApp } from '@app/testing';
import { ApiModule } from '../../apps/api/src/api.module';

/**
 * Who can reach what, as one reviewed text file: every route of the api with 'public' or the
 * permission it requires. Any change to the list (a new route, a route made public, a permission
 * swapped) fails this test until the snapshot is regenerated and the change reviewed in the diff.
 *
 * The file is deliberately not named `*.snap`: Jest treats every `.snap` file under its roots as one
 * of its own snapshots, reports it as obsolete (failing the run) and deletes it on `jest -u`.
 */
const SNAPSHOT_FILE = path.join(__dirname, 'endpoint-permissions.snap.txt');
const UPDATE_VARIABLE = 'UPDATE_PERMISSION_SNAPSHOT';

const HEADER = [
  '# Endpoint permission snapshot: every route of the api and who may call it.',
  "# Format: METHOD /path → access [roles], where access is 'public' or the permission the caller's roles must grant",
  "# ('a | b': any one of them), and [roles] the roles that grant it in apps/api/src/role-permissions.ts.",
  '# Express-mounted routes outside Nest (ROUTES_OUTSIDE_NEST) are listed too, marked [express].',
  '# Checked by test/permissions/endpoint-permissions.e2e-spec.ts; lines starting with # are ignored.',
  '# A change here changes who can reach what: review it. After an intended change, regenerate with',
  '#   UPDATE_PERMISSION_SNAPSHOT=1 npx jest -c config/jest.config.js test/permissions/endpoint-permissions',
  '# and commit this file with the change.',
];

interface Line {
  method: string;
  path: string;
  text: string;
}

function renderRoutes(inspector: RouteAccessInspector, rolePermissions: RolePermissions): string[] {
  const holders = (permissions: string[]) => [...new Set(permissions.flatMap((permission) => rolePermissions.rolesGranting(permission)))].sort().join(', ');
  const nest: Line[] = inspector.listRoutes().map((route) => ({
    method: route.method,
    path: route.path,
    text: `${route.method} ${route.path} → ${route.access ?? 'UNDECLARED'}${route.permissions.length > 0 ? ` [${holders(route.permissions)}]` : ''}${route.readOnly ? ' (read-only POST)' : ''}`,
  }));
  const express: Line[] = ROUTES_OUTSIDE_NEST.map((route) => ({
    method: route.method,
    path: route.path,
    text: `${route.method} ${route.path} → ${route.access} [express]`,
  }));
  // By path, then method: the routes of one resource stay together.
  return [...nest, ...express].sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1)).map((line) => line.text);
}

const significant = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0 && !line.startsWith('#'));

/** The routes are unique and sorted, so a set difference is the whole diff. */
function describeDifference(expected: string[], actual: string[]): string {
  const removed = expected.filter((line) => !actual.includes(line));
  const added = actual.filter((line) => !expected.includes(line));
  const reordered = removed.length === 0 && added.length === 0;
  return [
    `The api's routes and permissions differ from ${path.relative(process.cwd(), SNAPSHOT_FILE)}:`,
    '',
    ...removed.map((line) => `  - ${line}   (in the snapshot, not in the api)`),
    ...added.map((line) => `  + ${line}   (in the api, not in the snapshot)`),
    ...(reordered ? ['  (same lines, different order or duplicates)'] : []),
    '',
    `If the change is intended, review it and regenerate the snapshot: ${UPDATE_VARIABLE}=1 npx jest -c config/jest.config.js test/permissions/endpoint-permissions`,
  ].join('\n');
}

describe('endpoint permission snapshot', () => {
  let database: TestDatabase;
  let api: TestHttpApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig(testEnvironment(database, 'api'));
    api = await createTestHttpApp(ApiModule.forRoot(config), config);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('every route and its access match the checked-in snapshot', () => {
    const actual = renderRoutes(api.app.get(RouteAccessInspector), api.app.get(RolePermissions));
    expect(actual.length).toBeGreaterThan(ROUTES_OUTSIDE_NEST.length);
    if (process.env[UPDATE_VARIABLE] === '1') {
      writeFileSync(SNAPSHOT_FILE, [...HEADER, '', ...actual, ''].join('\n'));
      console.log(`${UPDATE_VARIABLE}=1: rewrote ${SNAPSHOT_FILE} (${actual.length} routes)`);
      return;
    }
    if (!existsSync(SNAPSHOT_FILE)) {
      throw new Error(`${SNAPSHOT_FILE} is missing: generate it with ${UPDATE_VARIABLE}=1 and review it`);
    }
    const expected = significant(readFileSync(SNAPSHOT_FILE, 'utf8'));
    if (expected.join('\n') !== actual.join('\n')) throw new Error(describeDifference(expected, actual));
  });

  it('the routes mounted outside Nest answer an anonymous caller, as their public listing says', async () => {
    for (const route of ROUTES_OUTSIDE_NEST) {
      const response = await api.http().get(route.path).set('Accept', 'text/html,application/json'); // a browser's page request
      expect([route.path, response.status < 400]).toEqual([route.path, true]);
    }
  });
});
