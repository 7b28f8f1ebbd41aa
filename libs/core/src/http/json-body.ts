import { HttpStatus } from '@nestjs/common';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { DomainException } from '../errors/domain.exception';
import { CoreErrorCode } from '../errors/error-code';

/**
 * How many containers a body may nest. Our DTOs nest two deep; class-transformer and the
 * ValidationPipe recurse once per level, so 1,500 nested arrays (3 KB) overflowed the stack.
 */
export const MAX_JSON_DEPTH = 32;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** `Content-Length: 0` (what clients send for a bodiless POST) is no body; a chunked one may be. */
function carriesBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/** Whether containers nest deeper than `limit`; a loop, not recursion, so the check cannot overflow itself. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const pending: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.node === null || typeof next.node !== 'object') continue;
    if (next.depth > limit) return true;
    for (const child of Object.values(next.node)) pending.push({ node: child, depth: next.depth + 1 });
  }
  return false;
}

/** A body in any other type would be skipped by the parser and read as empty: refuse it instead. */
function refuseNonJsonBody(request: Request, _response: Response, next: NextFunction): void {
  if (BODY_METHODS.has(request.method) && carriesBody(request) && !request.is('application/json')) {
    return next(new DomainException(CoreErrorCode.UNSUPPORTED_MEDIA_TYPE, HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Send the body as application/json'));
  }
  next();
}

function refuseDeepJson(request: Request, _response: Response, next: NextFunction): void {
  if (request.body !== undefined && jsonDepthExceeds(request.body, MAX_JSON_DEPTH)) {
    return next(new DomainException(CoreErrorCode.JSON_TOO_DEEP, HttpStatus.BAD_REQUEST, `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`));
  }
  next();
}

/**
 * A body its Content-Encoding does not describe (plain text sent as gzip, a truncated stream) fails in
 * zlib, and body-parser passes that on as a bare 400 with no `type` the error mapping knows: name it.
 */
function undecodableBody(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (type === undefined && status === HttpStatus.BAD_REQUEST) {
    return next(new DomainException(CoreErrorCode.MALFORMED_JSON, HttpStatus.BAD_REQUEST, 'The body could not be decoded as its Content-Encoding says'));
  }
  next(error);
}

/** The one JSON body pipeline: the type checked, parsed within the size limit, the depth bounded. */
export function jsonBodyParsers(limit: string): Array<RequestHandler | ErrorRequestHandler> {
  return [refuseNonJsonBody, express.json({ limit }), undecodableBody, refuseDeepJson];
}
