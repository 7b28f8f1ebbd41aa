import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DocumentBuilder,
  getSchemaPath,
  OpenAPIObject,
  OperationObject,
  ResponseObject,
  SchemaObject,
  SecurityRequirementObject,
  SecuritySchemeObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { isDeepStrictEqual } from 'node:util';
import { STATUS_CODES } from 'node:http';
import { CoreErrorCode } from '../errors/error-code';
import { registeredErrorCode, registeredErrorCodes } from '../errors/error-registry';
import { declaredErrorCodes, ErrorBodySchema, FieldErrorSchema } from './api-errors';
import { RouteAccess, RouteAccessInspector } from './route-access-inspector';

export const API_DOCS_PATH = 'api/docs';
export const API_DOCS_JSON_PATH = 'api/docs-json';

/** What the global guard asks of a route's caller and answers when refusing them. */
export interface RouteAccessDescription {
  /** Security requirements (names of schemes declared with defineApiSecuritySchemes); empty for public routes. */
  security: SecurityRequirementObject[];
  errorCodes: string[];
}

/**
 * The access guard's part of the document, provided by the lib that owns the guard (identity): core
 * lists the routes and their declared access, the owner says what its guard does with each.
 */
export abstract class RouteAccessDocumentation {
  abstract describe(route: RouteAccess): RouteAccessDescription;
}

const securitySchemes = new Map<string, SecuritySchemeObject>();

/** Declares credentials the document names in security requirements (the session cookie, a bearer token). */
export function defineApiSecuritySchemes(schemes: Record<string, SecuritySchemeObject>): void {
  for (const [name, scheme] of Object.entries(schemes)) {
    const existing = securitySchemes.get(name);
    if (existing && !isDeepStrictEqual(existing, scheme)) throw new Error(`Security scheme ${name} is already declared differently`);
    securitySchemes.set(name, scheme);
  }
}

/** Every route can fail unexpectedly: a masked 500 with an error id. */
const EVERY_OPERATION = [CoreErrorCode.INTERNAL];
/** The JSON body pipeline (json-body.ts) and the validation pipe run on every body. */
const WITH_BODY = [
  CoreErrorCode.VALIDATION_FAILED,
  CoreErrorCode.MALFORMED_JSON,
  CoreErrorCode.JSON_TOO_DEEP,
  CoreErrorCode.PAYLOAD_TOO_LARGE,
  CoreErrorCode.UNSUPPORTED_MEDIA_TYPE,
];
/** The validation pipe (text rules, DTO rules, UUID parameters) runs on every path and query parameter. */
const WITH_PARAMETERS = [CoreErrorCode.VALIDATION_FAILED];
const VALIDATED_PARAMETERS = new Set(['path', 'query']);
/** Answers that carry Retry-After (RetryLaterException and the database-outage mapping). */
const RETRY_LATER = new Set<string>([CoreErrorCode.RATE_LIMITED, CoreErrorCode.SERVICE_UNAVAILABLE]);

const ERROR_BODY_REF = getSchemaPath(ErrorBodySchema);

/** `/api/v1/units/:id` → `/api/v1/units/{id}`, as the document spells paths. */
const documentPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function optionalProvider<T>(app: INestApplication, token: abstract new (...args: never[]) => T): T | undefined {
  try {
    return app.get(token, { strict: false });
  } catch {
    return undefined;
  }
}

function errorResponse(status: number, codes: string[], existing: ResponseObject | undefined): ResponseObject {
  const retryAfter = codes.some((code) => RETRY_LATER.has(code))
    ? {
        'Retry-After': {
          description: `Seconds to wait before trying again (sent with ${[...RETRY_LATER].join(' and ')})`,
          schema: { type: 'integer', minimum: 1 },
        },
      }
    : undefined;
  return {
    ...existing,
    description: `${STATUS_CODES[status]}: ${codes.join(', ')}`,
    ...(retryAfter ? { headers: { ...existing?.headers, ...retryAfter } } : {}),
    content: existing?.content ?? { 'application/json': { schema: { $ref: ERROR_BODY_REF } } },
    'x-error-codes': codes,
  } as ResponseObject;
}

/** One response per status, each naming its codes (sorted) and referencing ErrorBody. */
function addErrorResponses(operation: OperationObject, codes: string[]): void {
  const byStatus = new Map<number, string[]>();
  for (const code of [...new Set(codes)].sort()) {
    const { status } = registeredErrorCode(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses = { ...operation.responses };
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    responses[status] = errorResponse(status, byStatus.get(status)!, responses[status] as ResponseObject | undefined);
  }
  // Success first, then errors by status, whatever order the decorators ran in.
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
}

/** The registry of every code the API can answer: the enum of ErrorBody.code, and code → status and owner. */
function publishErrorCodes(document: OpenAPIObject): void {
  const codes = registeredErrorCodes();
  const errorBody = document.components?.schemas?.ErrorBody as SchemaObject | undefined;
  if (!errorBody?.properties?.code) throw new Error('The document has no ErrorBody schema');
  (errorBody.properties.code as SchemaObject).enum = codes.map((entry) => entry.code);
  (document as OpenAPIObject & Record<string, unknown>)['x-error-codes'] = Object.fromEntries(
    codes.map((entry) => [entry.code, { status: entry.status, owner: entry.owner }]),
  );
}

/**
 * The OpenAPI document: Swagger's scan of the controllers' decorators, then what holds for routes
 * by construction rather than by decoration, added to every operation: the guard's credentials and
 * refusals (RouteAccessDocumentation), a 500 everywhere, the body pipeline's and validation pipe's
 * refusals wherever there is a body or a parameter, and the codes each route declared with
 * @ApiErrors, as responses referencing the one ErrorBody.
 */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Community police referral desk')
    .setDescription(
      'Cases, consent-gated referrals to partner centres, and their audit trail. Every 4xx and 5xx answers the ErrorBody ' +
        'schema; `x-error-codes` lists every code with its status and owning lib. Lists answer `{items, total, page, pageSize}`.',
    )
    .setVersion('1');
  for (const [name, scheme] of securitySchemes) builder.addSecurity(name, scheme);
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: [ErrorBodySchema, FieldErrorSchema] });
  const access = optionalProvider(app, RouteAccessDocumentation);
  for (const route of app.get(RouteAccessInspector, { strict: false }).listRoutes()) {
    const operation = document.paths[documentPath(route.path)]?.[route.method.toLowerCase() as 'get'];
    if (!operation) continue; // excluded from the document; the document test says which routes may be
    const described = access?.describe(route) ?? { security: [], errorCodes: [] };
    if (described.security.length > 0) operation.security = described.security;
    addErrorResponses(operation, [
      ...EVERY_OPERATION,
      ...(operation.requestBody ? WITH_BODY : []),
      ...(operation.parameters?.some((parameter) => 'in' in parameter && VALIDATED_PARAMETERS.has(parameter.in)) ? WITH_PARAMETERS : []),
      ...described.errorCodes,
      ...declaredErrorCodes(route.target.handler, route.target.controller),
    ]);
  }
  publishErrorCodes(document);
  return document;
}

/** The OpenAPI document at /api/docs-json and its UI at /api/docs (listed as public in ROUTES_OUTSIDE_NEST). */
export function mountApiDocs(app: NestExpressApplication): void {
  SwaggerModule.setup(API_DOCS_PATH, app, createApiDocument(app), { jsonDocumentUrl: API_DOCS_JSON_PATH });
}
