/**
 * Whether an error means PostgreSQL is away (down, restarting, refusing or unreachable) rather than
 * that the request or the code is wrong. Such a request may succeed as it is a moment later, so the
 * client gets 503 with Retry-After instead of a masked 500 it would report as a bug.
 */

/** SQL states of a server going or gone: class 08 (connection exception) is matched by prefix. */
const UNAVAILABLE_SQL_STATES = new Set([
  '57P01', // admin_shutdown: the server is stopping (fast or smart shutdown)
  '57P02', // crash_shutdown: another backend crashed, the server is resetting
  '57P03', // cannot_connect_now: starting up, or in recovery
  '53300', // too_many_connections: the server is full
]);

/** Network failures reaching the server (node's socket error codes). */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** node-postgres and its pool say these in words only, with no code to match. */
const UNAVAILABLE_DRIVER_MESSAGES = [
  /^Connection terminated/, // the server closed the socket (unexpectedly, or at a connect timeout)
  /^timeout exceeded when trying to connect$/, // pg-pool: no connection within connectionTimeoutMillis
  /is not queryable$/, // a pooled client whose connection already failed
];

export function isDatabaseUnavailable(error: unknown): boolean {
  // TypeORM wraps driver errors in QueryFailedError and keeps the original as driverError.
  // Read by shape, not instanceof: socket errors come from node's own realm (not Jest's, in tests).
  const cause = ((error as { driverError?: unknown })?.driverError ?? error) as { code?: unknown; message?: unknown } | null;
  if (typeof cause !== 'object' || cause === null) return false;
  const { code, message } = cause;
  if (typeof code === 'string' && (UNAVAILABLE_SQL_STATES.has(code) || code.startsWith('08') || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
  return typeof message === 'string' && UNAVAILABLE_DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}
