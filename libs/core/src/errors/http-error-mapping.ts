import { HttpException, HttpStatus } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainException, ErrorBody, RetryLaterException } from './domain.exception';
import { CoreErrorCode } from './error-code';
import { isDatabaseUnavailable } from './service-unavailable';

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** Response headers that belong to the answer (Retry-After on 429 and 503). */
  headers?: Record<string, string>;
  /** Set for errors the client cannot act on: the log gets the details under this id. */
  unexpected?: { errorId: string; error: unknown };
  /** Set when a backing service is away: logged as a warning, answered 503. */
  unavailable?: { error: unknown };
}

/** How long a client should wait after a database outage answer: a restart or failover takes seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const STATUS_CODES: Record<number, { code: string; message: string }> = {
  [HttpStatus.BAD_REQUEST]: { code: CoreErrorCode.VALIDATION_FAILED, message: 'The request is not valid' },
  [HttpStatus.UNAUTHORIZED]: { code: CoreErrorCode.UNAUTHENTICATED, message: 'Sign in first' },
  [HttpStatus.FORBIDDEN]: { code: CoreErrorCode.FORBIDDEN, message: 'Your role does not allow this' },
  [HttpStatus.NOT_FOUND]: { code: CoreErrorCode.ROUTE_NOT_FOUND, message: 'No such route' },
  [HttpStatus.CONFLICT]: { code: CoreErrorCode.CONFLICT, message: 'The record changed; reload it' },
  [HttpStatus.PAYLOAD_TOO_LARGE]: { code: CoreErrorCode.PAYLOAD_TOO_LARGE, message: 'The request body is too large' },
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: { code: CoreErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'Send application/json' },
  [HttpStatus.TOO_MANY_REQUESTS]: { code: CoreErrorCode.RATE_LIMITED, message: 'Too many requests; try again later' },
  [HttpStatus.SERVICE_UNAVAILABLE]: { code: CoreErrorCode.SERVICE_UNAVAILABLE, message: 'Temporarily unavailable' },
};

/** body-parser reports its failures as errors with a `type` and a `status`. */
const BODY_PARSER_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: CoreErrorCode.MALFORMED_JSON, message: 'The body is not valid JSON' },
  'entity.too.large': { status: 413, code: CoreErrorCode.PAYLOAD_TOO_LARGE, message: 'The request body is too large' },
  'encoding.unsupported': { status: 415, code: CoreErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'Unsupported encoding' },
  'charset.unsupported': { status: 415, code: CoreErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'Unsupported charset' },
};

function bodyParserError(error: unknown): MappedError | undefined {
  const type = (error as { type?: unknown })?.type;
  const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
  return known && { status: known.status, body: { code: known.code, message: known.message } };
}

/**
 * One mapping from any thrown value to status and body. Built-in HttpException messages are replaced
 * by fixed ones: they can echo input, and the UI translates codes, not messages.
 */
export function mapErrorToResponse(error: unknown): MappedError {
  if (error instanceof RetryLaterException) {
    return { status: error.status, body: error.toBody(), headers: { 'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) } };
  }
  if (error instanceof DomainException) return { status: error.status, body: error.toBody() };
  const parserError = bodyParserError(error);
  if (parserError) return parserError;
  if (error instanceof HttpException && STATUS_CODES[error.getStatus()]) {
    return { status: error.getStatus(), body: { ...STATUS_CODES[error.getStatus()] } };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      body: { ...STATUS_CODES[HttpStatus.SERVICE_UNAVAILABLE] },
      headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
      unavailable: { error },
    };
  }
  const errorId = randomUUID();
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { code: CoreErrorCode.INTERNAL, message: 'Something went wrong; quote the error id to support', errorId },
    unexpected: { errorId, error },
  };
}
