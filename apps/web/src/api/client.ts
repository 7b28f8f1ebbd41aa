import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type ErrorBody = components['schemas']['ErrorBody'];
export type ErrorCode = ErrorBody['code'];

/** An answer of the API that was not a success, in the one error shape (`code`, `fields`, `errorId`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
  get code(): ErrorCode {
    return this.body.code;
  }
}

let csrfToken: string | undefined;

/** The session's CSRF token, from sign-in or the session answer: every state-changing call carries it. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !['GET', 'HEAD'].includes(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

let onSessionGone: (() => void) | undefined;

/** What to do when the API says the session is gone (ended elsewhere, idle, revoked): set once by the session provider. */
export function whenSessionGone(handler: () => void): void {
  onSessionGone = handler;
}

/** A 401 outside the sign-in steps means the session ended: nothing of it may stay on screen. */
const sessionWatch: Middleware = {
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/v1/auth/')) onSessionGone?.();
    return response;
  },
};

/** The typed API client: same origin, the session cookie, types generated from the OpenAPI document. */
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '', credentials: 'same-origin' });
api.use(csrf, sessionWatch);

/** The data of an answer, or an ApiError carrying the error body (a body that is not ours becomes INTERNAL). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = error && typeof error === 'object' && 'code' in error ? (error as ErrorBody) : ({ code: 'INTERNAL', message: response.statusText } as ErrorBody);
  throw new ApiError(response.status, body);
}
