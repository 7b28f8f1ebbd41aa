import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SAFE_INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;
export const CORRELATION_HEADER = 'x-request-id';

/**
 * Takes a well-formed X-Request-Id from the load balancer, else makes one, and echoes it back.
 * Runs first, so the logger and the request context share the same id.
 */
export function correlationIdMiddleware(request: IncomingMessage & { id?: string }, response: ServerResponse, next: () => void): void {
  const incoming = request.headers[CORRELATION_HEADER];
  request.id = typeof incoming === 'string' && SAFE_INCOMING_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', request.id);
  next();
}
