import { HttpStatus } from '@nestjs/common';
import { CoreErrorCode } from './error-code';
import { assertRegisteredErrorCode } from './error-registry';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** The one error body every failing request gets. */
export interface ErrorBody {
  code: string;
  message: string;
  fields?: FieldError[];
  errorId?: string;
  [extra: string]: unknown;
}

/**
 * A rule of the domain was broken. Carries a stable code and the HTTP status the filter answers with;
 * `details` are extra, non-sensitive fields of the body (e.g. the current state on a 409).
 * Messages must never contain case content: they reach the client and the log.
 */
export class DomainException extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    message: string,
    readonly details: { fields?: FieldError[]; [extra: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainException';
    assertRegisteredErrorCode(code, status);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...this.details };
  }
}

/** A record outside the caller's scope, or one that does not exist: the same answer for both. */
export class RecordNotFoundException extends DomainException {
  constructor() {
    super(CoreErrorCode.NOT_FOUND, HttpStatus.NOT_FOUND, 'Not found');
  }
}

/** An update based on an old version: 409 naming the version the record has now. */
export class StaleVersionException extends DomainException {
  constructor(currentVersion: number) {
    super(CoreErrorCode.STALE_VERSION, HttpStatus.CONFLICT, 'Someone changed this record; reload it', { currentVersion });
  }
}

/** A state change the record's current state does not allow: 409 naming that state. */
export class TransitionNotAllowedException extends DomainException {
  constructor(action: string, currentState: string) {
    super(CoreErrorCode.TRANSITION_NOT_ALLOWED, HttpStatus.CONFLICT, `Cannot ${action.replace(/_/g, ' ')} from ${currentState.replace(/_/g, ' ')}`, {
      currentState,
    });
  }
}

export class RequestValidationException extends DomainException {
  constructor(fields: FieldError[]) {
    super(CoreErrorCode.VALIDATION_FAILED, HttpStatus.BAD_REQUEST, 'The request is not valid', { fields });
  }
}

/**
 * A refusal the client should retry later (throttled, a backing service down): the filter sends
 * `Retry-After` with it, so well-behaved clients and proxies back off instead of hammering.
 */
export class RetryLaterException extends DomainException {
  constructor(
    code: string,
    status: HttpStatus.TOO_MANY_REQUESTS | HttpStatus.SERVICE_UNAVAILABLE,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, status, message);
  }
}
