import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadConfig, registeredErrorCodes, RouteAccess, RouteAccessInspector, ROUTES_OUTSIDE_NEST } from '@app/core';
import { CSRF_HEADER, SESSION_COOKIE } from '@app/identity';
import { createTestDatabase, createTestHttpApp, TestDatabase, testEnvironment, TestHttpApp } from '@app/testing';
import { ApiModule } from '../../apps/api/src/api.module';
import { demoForRole, DemoPeople, seedDemoIdentity, signInAs, SignedIn } from '../support/identity-fixtures';

/**
 * The OpenAPI document the web UI generates its types from, held to being complete and exact: every
 * route is an operation; every operation says what it answers on success (a schema with properties,
 * or no body for a 204) and on every error (the one ErrorBody, with the codes it can carry); every
 * body, path and query parameter is described, with the validators' own rules; the error-code
 * registry is published; and real answers match their schemas. The document itself is a reviewed
 * snapshot, so an API change shows in the diff.
 */

const SNAPSHOT_FILE = path.join(__dirname, 'openapi.snap.json');
const UPDATE_VARIABLE = 'UPDATE_OPENAPI_SNAPSHOT';
const ERROR_BODY_REF = '#/components/schemas/ErrorBody';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  key: string;
  op: Record<string, any>;
}

const documentPath = (routePath: string) => routePath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('the OpenAPI document at /api/docs-json', () => {
  let database: TestDatabase;
  let api: TestHttpApp;
  let demo: DemoPeople;
  let doc: Record<string, any>;
  let routes: RouteAccess[];
  let operations: Operation[];

  /** A schema with its $refs followed and allOf merged: what a value has to satisfy. */
  function flatten(schema: Schema): Schema {
    if (schema.$ref) {
      const name = String(schema.$ref).replace('#/components/schemas/', '');
      const target = doc.components.schemas[name];
      if (!target) throw new Error(`dangling $ref ${schema.$ref}`);
      const { $ref: _ref, ...rest } = schema;
      return flatten({ ...target, ...rest });
    }
    if (!schema.allOf) return schema;
    const { allOf, ...own } = schema;
    return (allOf as Schema[]).map(flatten).reduce(
      (merged, part) => ({
        ...part,
        ...merged,
        properties: { ...part.properties, ...merged.properties },
        required: [...new Set([...(part.required ?? []), ...(merged.required ?? [])])],
      }),
      own,
    );
  }

  const referencesErrorBody = (schema: Schema | undefined): boolean =>
    !!schema && (schema.$ref === ERROR_BODY_REF || (schema.allOf ?? []).some((part: Schema) => part.$ref === ERROR_BODY_REF));

  /** The route's handler parameters of one kind (@Body, @Query, @Param), with their declared types. */
  function handlerArgs(route: RouteAccess, kind: RouteParamtypes): Array<{ data?: string; type?: new () => object }> {
    const methodName = route.handler.split('.')[1];
    const args: Record<string, { index: number; data?: string }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, route.target.controller, methodName) ?? {};
    const types: Array<new () => object> = Reflect.getMetadata('design:paramtypes', (route.target.controller as any).prototype, methodName) ?? [];
    return Object.entries(args)
      .filter(([key]) => key.split(':')[0] === String(kind))
      .map(([, arg]) => ({ data: arg.data, type: types[arg.index] }));
  }

  const operationOf = (route: RouteAccess) => operations.find((entry) => entry.key === `${route.method} ${documentPath(route.path)}`)!;

  beforeAll(async () => {
    database = await createTestDatabase();
    demo = await seedDemoIdentity(database);
    const config = loadConfig(testEnvironment(database, 'api'));
    api = await createTestHttpApp(ApiModule.forRoot(config), config);
    doc = (await api.http().get('/api/docs-json').expect(200)).body;
    routes = api.app.get(RouteAccessInspector).listRoutes();
    operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([docPath, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        method: method.toUpperCase(),
        path: docPath,
        key: `${method.toUpperCase()} ${docPath}`,
        op: item[method],
      })),
    );
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  describe('completeness', () => {
    it('has one operation per route of the api, and no other (the Express-mounted docs routes describe the document itself)', () => {
      expect(routes.length).toBeGreaterThan(30);
      const expected = routes.map((route) => `${route.method} ${documentPath(route.path)}`).sort();
      expect(operations.map((entry) => entry.key).sort()).toEqual(expected);
      for (const route of ROUTES_OUTSIDE_NEST) expect(doc.paths[route.path]).toBeUndefined();
    });

    it('every operation answers at least one 2xx; each has a schema with properties (204 and non-JSON aside)', () => {
      const problems: string[] = [];
      for (const { key, op } of operations) {
        const successes = Object.entries(op.responses as Record<string, any>).filter(([status]) => /^2\d\d$/.test(status));
        if (successes.length === 0) problems.push(`${key}: no 2xx response`);
        for (const [status, response] of successes) {
          if (status === '204') {
            if (response.content) problems.push(`${key} 204: has a body`);
            continue;
          }
          const media = Object.entries((response.content ?? {}) as Record<string, { schema?: Schema }>);
          if (media.length === 0) problems.push(`${key} ${status}: no content`);
          for (const [type, { schema }] of media) {
            if (!schema) problems.push(`${key} ${status} ${type}: no schema`);
            else if (type === 'application/json') {
              const flat = flatten(schema);
              if (flat.type !== 'object' || Object.keys(flat.properties ?? {}).length === 0) problems.push(`${key} ${status}: schema without properties`);
            } else if (flatten(schema).type !== 'string') problems.push(`${key} ${status} ${type}: a non-JSON body is a string`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('every 4xx and 5xx references ErrorBody and names its codes, each registered with that status; every operation has a 500', () => {
      const statusOf = new Map(registeredErrorCodes().map((entry) => [entry.code, entry.status]));
      const problems: string[] = [];
      for (const { key, op } of operations) {
        if (!op.responses['500']) problems.push(`${key}: no 500`);
        for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
          if (!/^[45]\d\d$/.test(status)) continue;
          const media = Object.keys(response.content ?? {});
          if (media.join() !== 'application/json' || !referencesErrorBody(response.content['application/json'].schema)) {
            problems.push(`${key} ${status}: does not answer ErrorBody as JSON`);
          }
          const codes: string[] = response['x-error-codes'] ?? [];
          if (codes.length === 0) problems.push(`${key} ${status}: names no error code`);
          for (const code of codes)
            if (statusOf.get(code) !== Number(status)) problems.push(`${key} ${status}: ${code} is registered with ${statusOf.get(code)}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('every route taking a body has a JSON request body with a schema with properties, and no other route has one', () => {
      const problems: string[] = [];
      for (const route of routes) {
        const { key, op } = operationOf(route);
        const takesBody = handlerArgs(route, RouteParamtypes.BODY).length > 0;
        const body = op.requestBody;
        if (takesBody !== Boolean(body))
          problems.push(`${key}: ${takesBody ? 'takes a body the document does not describe' : 'describes a body it does not take'}`);
        if (!body) continue;
        const schema = body.content?.['application/json']?.schema;
        if (!body.required || !schema || Object.keys(flatten(schema).properties ?? {}).length === 0)
          problems.push(`${key}: request body without a schema with properties`);
        for (const status of ['400', '413', '415']) if (!op.responses[status]) problems.push(`${key}: a body can be refused with ${status}`);
      }
      expect(problems).toEqual([]);
    });

    it('every path parameter is declared, required, and is the one the handler reads', () => {
      const problems: string[] = [];
      for (const route of routes) {
        const { key, op } = operationOf(route);
        const inTemplate = [...documentPath(route.path).matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
        const declared = (op.parameters ?? []).filter((parameter: any) => parameter.in === 'path');
        const read = handlerArgs(route, RouteParamtypes.PARAM).map((arg) => arg.data ?? '');
        if (!isDeepStrictEqual(declared.map((parameter: any) => parameter.name).sort(), inTemplate)) problems.push(`${key}: path parameters declared differ`);
        if (!isDeepStrictEqual([...read].sort(), inTemplate)) problems.push(`${key}: the handler reads other parameters`);
        for (const parameter of declared) if (!parameter.required || !parameter.schema) problems.push(`${key}: ${parameter.name} not required or untyped`);
        if (declared.length > 0 && !op.responses['400']) problems.push(`${key}: a path parameter can be refused with 400`);
      }
      expect(problems).toEqual([]);
    });

    it('every field of a query DTO is a query parameter, and no other is', () => {
      const problems: string[] = [];
      let checked = 0;
      for (const route of routes) {
        const { key, op } = operationOf(route);
        const queries = handlerArgs(route, RouteParamtypes.QUERY);
        const documented = (op.parameters ?? [])
          .filter((parameter: any) => parameter.in === 'query')
          .map((parameter: any) => parameter.name)
          .sort();
        const fields = queries.flatMap(({ type }) => (type ? propertiesOf(type) : [])).sort();
        if (queries.length > 0) checked += 1;
        if (!isDeepStrictEqual(documented, fields)) problems.push(`${key}: query parameters ${documented.join(',')} but the DTO has ${fields.join(',')}`);
        if (documented.length > 0 && !op.responses['400']) problems.push(`${key}: a query can be refused with 400`);
      }
      expect(checked).toBeGreaterThanOrEqual(5);
      expect(problems).toEqual([]);
    });

    it('says what the validators enforce: required, nullable, type, bounds, pattern and enum of every body and query field', () => {
      const problems: string[] = [];
      const checkedClasses = new Set<string>();
      for (const route of routes) {
        const { key, op } = operationOf(route);
        for (const { type } of handlerArgs(route, RouteParamtypes.BODY)) {
          if (type) compareClass(type, flatten({ $ref: `#/components/schemas/${schemaNameOf(type)}` }), problems, checkedClasses);
        }
        for (const { type } of handlerArgs(route, RouteParamtypes.QUERY)) {
          if (!type) continue;
          const parameters = (op.parameters ?? []).filter((parameter: any) => parameter.in === 'query');
          const asSchema = {
            type: 'object',
            properties: Object.fromEntries(parameters.map((parameter: any) => [parameter.name, parameter.schema])),
            required: parameters.filter((parameter: any) => parameter.required).map((parameter: any) => parameter.name),
          };
          compareClass(type, asSchema, problems, checkedClasses, `${key} query`);
        }
      }
      expect([...checkedClasses]).toEqual(expect.arrayContaining(['CreateUserDto', 'UpdateUnitDto', 'AcceptanceHoursDto', 'ListAuditEventsQueryDto']));
      expect(problems).toEqual([]);
    });
  });

  describe('access and errors', () => {
    it('signed-in routes ask for the session cookie, state changes for X-CSRF-Token too, and document the guard’s 401', () => {
      const schemes = doc.components.securitySchemes;
      expect(schemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
      expect(schemes.csrf).toMatchObject({ type: 'apiKey', in: 'header' });
      expect(schemes.csrf.name.toLowerCase()).toBe(CSRF_HEADER);
      const problems: string[] = [];
      for (const route of routes) {
        const { key, op } = operationOf(route);
        if (route.access === 'public') {
          const asked = (op.security ?? []).flatMap((requirement: object) => Object.keys(requirement));
          if (asked.includes('session')) problems.push(`${key}: public, but asks for a session`);
          continue;
        }
        const expected = SAFE_METHODS.has(route.method) ? [{ session: [] }] : [{ session: [], csrf: [] }];
        if (!isDeepStrictEqual(op.security, expected)) problems.push(`${key}: security ${JSON.stringify(op.security)}`);
        const unauthorized: string[] = op.responses['401']?.['x-error-codes'] ?? [];
        if (!unauthorized.includes('UNAUTHENTICATED') || !unauthorized.includes('SESSION_EXPIRED'))
          problems.push(`${key}: no 401 for a missing or ended session`);
        if (!SAFE_METHODS.has(route.method) && !(op.responses['403']?.['x-error-codes'] ?? []).includes('CSRF_TOKEN_INVALID')) {
          problems.push(`${key}: no 403 CSRF_TOKEN_INVALID`);
        }
      }
      expect(problems).toEqual([]);
      expect(doc.paths['/metrics'].get.security).toEqual([{ metricsToken: [] }]);
      expect(schemes.metricsToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    });

    it('the three changes a second administrator approves answer 202 with the approval', () => {
      for (const [method, docPath] of [
        ['post', '/api/v1/admin/users'],
        ['put', '/api/v1/admin/users/{id}/roles'],
        ['post', '/api/v1/admin/users/{id}/reset-password'],
      ]) {
        expect([docPath, doc.paths[docPath][method].responses['202'].content['application/json'].schema]).toEqual([
          docPath,
          { $ref: '#/components/schemas/ApprovalView' },
        ]);
      }
    });

    it('ErrorBody.code’s enum is the registry, and x-error-codes gives each code its status and owning lib', () => {
      const registry = registeredErrorCodes();
      expect(registry.length).toBeGreaterThan(30);
      expect(doc.components.schemas.ErrorBody.properties.code.enum).toEqual(registry.map((entry) => entry.code));
      expect(doc['x-error-codes']).toEqual(Object.fromEntries(registry.map((entry) => [entry.code, { status: entry.status, owner: entry.owner }])));
      expect(doc.components.schemas.ErrorBody.required).toEqual(['code', 'message']);
      expect(Object.keys(doc.components.schemas.ErrorBody.properties)).toEqual(
        expect.arrayContaining(['code', 'message', 'fields', 'errorId', 'currentVersion', 'currentState']),
      );
    });
  });

  describe('real answers match their documented schemas', () => {
    let admin: SignedIn;
    let auditor: SignedIn;
    let supervisor: SignedIn;
    let unitId: string;

    async function expectDocumented(method: string, docPath: string, response: { status: number; body: unknown; headers: Record<string, any> }) {
      const key = `${method} ${docPath} ${response.status}`;
      const documented = doc.paths[docPath]?.[method.toLowerCase()]?.responses?.[String(response.status)];
      expect([key, Boolean(documented)]).toEqual([key, true]);
      if (response.status === 204) return expect([key, response.body]).toEqual([key, {}]);
      expect(String(response.headers['content-type'])).toMatch(/^application\/json/);
      const schema = documented.content?.['application/json']?.schema;
      expect([key, Boolean(schema)]).toEqual([key, true]);
      const problems: string[] = [];
      conforms(schema, response.body, '', problems);
      expect([key, problems]).toEqual([key, []]);
    }

    beforeAll(async () => {
      admin = await signInAs(api, demoForRole(demo, 'administrator'));
      auditor = await signInAs(api, demoForRole(demo, 'auditor'));
      supervisor = await signInAs(api, demoForRole(demo, 'supervisor'));
      unitId = (await supervisor.get('/api/v1/auth/session').expect(200)).body.unit.id;
    });

    it('health, sign-in and the session', async () => {
      await expectDocumented('GET', '/health/live', await api.http().get('/health/live'));
      await expectDocumented('GET', '/health/serving', await api.http().get('/health/serving'));
      const ready = await api.http().get('/health/ready'); // no worker runs here: 503 NOT_READY with the checks
      expect(ready.status).toBe(503);
      await expectDocumented('GET', '/health/ready', ready);
      const signIn = '/api/v1/auth/sign-in';
      await expectDocumented('POST', signIn, await api.http().post(signIn).send({ username: 'nobody', password: 'wrong' }));
      await expectDocumented('POST', signIn, await api.http().post(signIn).send({ username: 'officer', extra: 1 }));
      const officer = demoForRole(demo, 'desk_officer');
      await expectDocumented('POST', signIn, await api.http().post(signIn).send({ username: officer.username, password: officer.password }));
      await expectDocumented('GET', '/api/v1/auth/session', await admin.get('/api/v1/auth/session'));
      await expectDocumented('GET', '/api/v1/auth/session', await api.http().get('/api/v1/auth/session'));
      const metrics = await api.http().get('/metrics').expect(200);
      expect(Object.keys(doc.paths['/metrics'].get.responses['200'].content)).toEqual([String(metrics.headers['content-type']).split(';')[0]]);
    });

    it('units, users and approvals', async () => {
      await expectDocumented('GET', '/api/v1/units', await admin.get('/api/v1/units?kind=partner_centre'));
      await expectDocumented('GET', '/api/v1/units/{id}', await admin.get(`/api/v1/units/${unitId}`));
      await expectDocumented('GET', '/api/v1/units/{id}', await admin.get('/api/v1/units/00000000-0000-4000-8000-000000000000'));
      await expectDocumented('GET', '/api/v1/units/{id}/members', await supervisor.get(`/api/v1/units/${unitId}/members`));
      const users = await admin.get('/api/v1/admin/users?pageSize=5');
      await expectDocumented('GET', '/api/v1/admin/users', users);
      const created = await admin.post('/api/v1/admin/users', {
        username: 'openapi.officer',
        displayName: 'OpenAPI Officer',
        unitId,
        roles: ['desk_officer'],
        temporaryPassword: 'Correct-Horse-Battery-Staple-42',
      });
      expect(created.status).toBe(201);
      await expectDocumented('POST', '/api/v1/admin/users', created);
      await expectDocumented(
        'PATCH',
        '/api/v1/admin/users/{id}',
        await admin.patch(`/api/v1/admin/users/${created.body.id}`, { version: 99, displayName: 'X' }),
      );
      const [ministry] = await database.asSuperuser<{ id: string }>(`SELECT id FROM unit WHERE kind = 'ministry' LIMIT 1`);
      const awaiting = await admin.post('/api/v1/admin/users', {
        username: 'openapi.auditor',
        displayName: 'OpenAPI Auditor',
        unitId: ministry.id,
        roles: ['auditor'],
        temporaryPassword: 'Correct-Horse-Battery-Staple-42',
      });
      expect(awaiting.status).toBe(202);
      await expectDocumented('POST', '/api/v1/admin/users', awaiting);
      await expectDocumented('GET', '/api/v1/admin/approvals', await admin.get('/api/v1/admin/approvals?status=pending'));
      await expectDocumented(
        'POST',
        '/api/v1/admin/approvals/{id}/approval',
        await admin.post(`/api/v1/admin/approvals/${awaiting.body.id}/approval`, { temporaryPasswordPart: 'ferry-wind-4481' }),
      );
      await expectDocumented('GET', '/api/v1/admin/users/{id}', await admin.get('/api/v1/admin/users/not-a-uuid'));
    });

    it('cases and persons', async () => {
      const officer = await signInAs(api, demoForRole(demo, 'desk_officer'));
      const created = await officer.post('/api/v1/cases', {
        category: 'neglect',
        urgency: 'medium',
        intakeChannel: 'walk_in',
        title: 'OpenAPI intake',
        narrative: 'Narrative',
        subjects: [{ role: 'victim', person: { nameAr: 'ليلى', sex: 'female', phones: ['55512345'], document: { type: 'passport', number: 'P998877' } } }],
      });
      await expectDocumented('POST', '/api/v1/cases', created);
      const id = created.body.id;
      const personId = created.body.subjects[0].personId;
      await expectDocumented('POST', '/api/v1/cases', await officer.post('/api/v1/cases', { category: 'unknown' }));
      await expectDocumented('GET', '/api/v1/cases', await officer.get('/api/v1/cases?status=open'));
      await expectDocumented('POST', '/api/v1/cases/search', await officer.post('/api/v1/cases/search', { name: 'ليلى' }));
      await expectDocumented('GET', '/api/v1/cases/{id}', await officer.get(`/api/v1/cases/${id}`));
      await expectDocumented('GET', '/api/v1/cases/{id}', await officer.get('/api/v1/cases/00000000-0000-4000-8000-000000000000'));
      await expectDocumented('POST', '/api/v1/cases/{id}/reveal', await officer.post(`/api/v1/cases/${id}/reveal`, { fields: ['narrative'] }));
      await expectDocumented('GET', '/api/v1/cases/{id}/timeline', await officer.get(`/api/v1/cases/${id}/timeline`));
      await expectDocumented('POST', '/api/v1/cases/{id}/close', await officer.post(`/api/v1/cases/${id}/close`, { version: 1, outcome: 'resolved' }));
      await expectDocumented('GET', '/api/v1/persons/{id}', await officer.get(`/api/v1/persons/${personId}`));
      await expectDocumented(
        'POST',
        '/api/v1/persons/{id}/reveal',
        await officer.post(`/api/v1/persons/${personId}/reveal`, { fields: ['phones', 'documentNumber'] }),
      );
      await expectDocumented('POST', '/api/v1/persons/suggestions', await officer.post('/api/v1/persons/suggestions', { nameAr: 'ليلى', phone: '55512345' }));
      await expectDocumented('POST', '/api/v1/persons/search', await officer.post('/api/v1/persons/search', { phone: '55512345' }));
      await expectDocumented('POST', '/api/v1/audit/events/search', await auditor.post('/api/v1/audit/events/search', { kind: 'phone', term: '55512345' }));
    });

    it('the audit trail', async () => {
      await expectDocumented('GET', '/api/v1/audit/events', await auditor.get('/api/v1/audit/events?pageSize=20'));
      await expectDocumented('GET', '/api/v1/audit/security-events', await admin.get('/api/v1/audit/security-events?pageSize=20'));
      await expectDocumented('GET', '/api/v1/audit/verification', await auditor.get('/api/v1/audit/verification'));
      await expectDocumented('GET', '/api/v1/audit/verification', await admin.get('/api/v1/audit/verification'));
    });
  });

  it('matches the checked-in snapshot (an API change shows in review)', () => {
    if (process.env[UPDATE_VARIABLE] === '1') {
      writeFileSync(SNAPSHOT_FILE, `${JSON.stringify(doc, null, 2)}\n`);
      console.log(`${UPDATE_VARIABLE}=1: rewrote ${SNAPSHOT_FILE} (${operations.length} operations)`);
      return;
    }
    if (!existsSync(SNAPSHOT_FILE)) throw new Error(`${SNAPSHOT_FILE} is missing: generate it with ${UPDATE_VARIABLE}=1 and review it`);
    const differences = differencesBetween(JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')), doc);
    if (differences.length > 0) {
      throw new Error(
        [
          `The OpenAPI document differs from ${path.relative(process.cwd(), SNAPSHOT_FILE)} at:`,
          ...differences.slice(0, 40).map((line) => `  ${line}`),
          ...(differences.length > 40 ? [`  … and ${differences.length - 40} more`] : []),
          '',
          `If the change is intended, regenerate and review it: ${UPDATE_VARIABLE}=1 npx jest -c config/jest.config.js test/api/openapi-document`,
        ].join('\n'),
      );
    }
  });

  /** Whether a value satisfies a schema, strictly: no property the schema does not declare. */
  function conforms(schema: Schema, value: unknown, at: string, problems: string[]): void {
    const flat = flatten(schema);
    const where = at || '(body)';
    if (value === null) {
      if (!flat.nullable) problems.push(`${where}: null, not nullable`);
      return;
    }
    if (flat.enum && !flat.enum.includes(value)) problems.push(`${where}: ${JSON.stringify(value)} not in the enum`);
    switch (flat.type) {
      case 'object': {
        if (typeof value !== 'object' || Array.isArray(value)) return void problems.push(`${where}: not an object`);
        const record = value as Record<string, unknown>;
        for (const name of flat.required ?? []) if (!(name in record)) problems.push(`${at}.${name}: missing`);
        for (const [name, child] of Object.entries(record)) {
          const declared = flat.properties?.[name];
          if (declared) conforms(declared, child, `${at}.${name}`, problems);
          else if (flat.additionalProperties === true) continue;
          else if (flat.additionalProperties) conforms(flat.additionalProperties, child, `${at}.${name}`, problems);
          else problems.push(`${at}.${name}: not in the schema`);
        }
        return;
      }
      case 'array':
        if (!Array.isArray(value)) return void problems.push(`${where}: not an array`);
        value.forEach((item, index) => conforms(flat.items, item, `${at}.${index}`, problems));
        return;
      case 'string':
        if (typeof value !== 'string') return void problems.push(`${where}: not a string`);
        if (flat.format === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) problems.push(`${where}: not a uuid`);
        if (flat.format === 'date-time' && Number.isNaN(Date.parse(value))) problems.push(`${where}: not a date-time`);
        if (flat.pattern && !new RegExp(flat.pattern).test(value)) problems.push(`${where}: does not match ${flat.pattern}`);
        return;
      case 'integer':
        if (!Number.isInteger(value)) problems.push(`${where}: not an integer`);
        return;
      case 'number':
        if (typeof value !== 'number') problems.push(`${where}: not a number`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') problems.push(`${where}: not a boolean`);
        return;
      default:
        problems.push(`${where}: the schema has no type`);
    }
  }

  /** The component name Swagger gives a class (its @ApiSchema name, else the class name). */
  function schemaNameOf(type: new () => object): string {
    const declared: Array<{ name?: string }> = Reflect.getOwnMetadata(DECORATORS.API_SCHEMA, type) ?? [];
    return declared[declared.length - 1]?.name ?? type.name;
  }

  function rulesOf(type: new () => object): ValidationMetadata[] {
    return getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  }

  function propertiesOf(type: new () => object): string[] {
    return [...new Set(rulesOf(type).map((rule) => rule.propertyName))];
  }

  /**
   * One DTO against its schema, rule by rule. @IsOptional accepts null and undefined (optional and
   * nullable); the absent-or rule (a ValidateIf that refuses only undefined) is optional, not nullable.
   */
  function compareClass(type: new () => object, schema: Schema, problems: string[], checked: Set<string>, label = type.name): void {
    checked.add(type.name);
    for (const property of propertiesOf(type)) {
      const rules = rulesOf(type).filter((rule) => rule.propertyName === property);
      const named = (name: string) => rules.find((rule) => rule.name === name);
      const where = `${label}.${property}`;
      const documented = schema.properties?.[property];
      if (!documented) {
        problems.push(`${where}: not documented`);
        continue;
      }
      const field = flatten(documented);
      const conditional = rules.filter((rule) => rule.type === 'conditionalValidation');
      const optional = conditional.length > 0;
      const nullable = conditional.some((rule) => rule.name === 'isOptional');
      if ((schema.required ?? []).includes(property) === optional) problems.push(`${where}: ${optional ? 'optional' : 'required'} but documented otherwise`);
      if (!label.endsWith('query') && Boolean(field.nullable) !== nullable)
        problems.push(`${where}: ${nullable ? 'accepts' : 'refuses'} null, documented otherwise`);
      const expectType = named('isInt')
        ? 'integer'
        : named('isBoolean')
          ? 'boolean'
          : named('isArray')
            ? 'array'
            : named('isDate') || named('isString') || named('matches') || named('isUuid')
              ? 'string'
              : undefined;
      if (expectType && field.type !== expectType) problems.push(`${where}: is ${expectType}, documented ${field.type}`);
      const scalar = field.type === 'array' ? flatten(field.items) : field;
      const compare = (rule: string, key: string, whole: Schema, value: (constraints: any[]) => unknown) => {
        const found = named(rule);
        // A rule applied to each element (`{ each: true }`) is documented on the items.
        const target = found?.each ? scalar : whole;
        if (found && !isDeepStrictEqual(target[key], value(found.constraints)))
          problems.push(`${where}: ${rule} ${JSON.stringify(value(found.constraints))}, documented ${key} ${JSON.stringify(target[key])}`);
        if (!found && target[key] !== undefined && !(rule === 'isUuid' && target[key] !== 'uuid'))
          problems.push(`${where}: documents ${key} that no rule enforces`);
      };
      compare('minLength', 'minLength', field, ([n]) => n);
      compare('maxLength', 'maxLength', field, ([n]) => n);
      compare('min', 'minimum', field, ([n]) => n);
      compare('max', 'maximum', field, ([n]) => n);
      compare('arrayMinSize', 'minItems', field, ([n]) => n);
      compare('arrayMaxSize', 'maxItems', field, ([n]) => n);
      compare('matches', 'pattern', field, ([pattern]) => (pattern as RegExp).source);
      compare('isUuid', 'format', field, () => 'uuid');
      if (named('arrayUnique') && !field.uniqueItems) problems.push(`${where}: unique items, not documented`);
      const allowed = named('isEnum') ?? named('isIn');
      if (allowed) {
        const values = allowed.name === 'isEnum' ? Object.values(allowed.constraints[0]) : allowed.constraints[0];
        if (!isDeepStrictEqual([...(scalar.enum ?? [])].sort(), [...values].sort())) problems.push(`${where}: enum ${values} documented ${scalar.enum}`);
      } else if (scalar.enum) problems.push(`${where}: documents an enum no rule enforces`);
      if (named('isDate') && field.format !== 'date-time') problems.push(`${where}: a date, documented ${field.format}`);
      const nested = rules.find((rule) => rule.type === 'nestedValidation');
      if (nested) {
        const nestedType = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, (type as any).prototype, property)?.type as () => new () => object)?.();
        if (!nestedType) problems.push(`${where}: nested, but its documented type is not a class`);
        else compareClass(nestedType, field, problems, checked);
      }
    }
    for (const property of Object.keys(schema.properties ?? {})) {
      if (!propertiesOf(type).includes(property)) problems.push(`${label}.${property}: documented, but the DTO has no such field`);
    }
  }
});

/** JSON pointers where two documents differ (value changed, added or removed). */
function differencesBetween(expected: unknown, actual: unknown, at = ''): string[] {
  if (isDeepStrictEqual(expected, actual)) return [];
  const bothObjects = typeof expected === 'object' && typeof actual === 'object' && expected !== null && actual !== null;
  if (!bothObjects || Array.isArray(expected) !== Array.isArray(actual)) return [`${at || '/'}: ${JSON.stringify(expected)} → ${JSON.stringify(actual)}`];
  const a = expected as Record<string, unknown>;
  const b = actual as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((key) => {
    const pointer = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!(key in b)) return [`${pointer}: removed`];
    if (!(key in a)) return [`${pointer}: added`];
    return differencesBetween(a[key], b[key], pointer);
  });
}
