import { HttpStatus } from '@nestjs/common';
import { defineErrorCodes } from './error-registry';

/**
 * Stable, upper-case codes the UI translates and integrators branch on. Add, never rename.
 * Capabilities declare their own beside these (e.g. REFERRAL_ALREADY_ACCEPTED) with defineErrorCodes.
 */
export const CoreErrorCode = defineErrorCodes('core', {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  MALFORMED_JSON: HttpStatus.BAD_REQUEST,
  JSON_TOO_DEEP: HttpStatus.BAD_REQUEST,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  ROUTE_NOT_FOUND: HttpStatus.NOT_FOUND,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  CONFLICT: HttpStatus.CONFLICT,
  /** An update based on an old version of the record; the body names the current version. */
  STALE_VERSION: HttpStatus.CONFLICT,
  /** A state change not allowed from the record's current state; the body names the current state. */
  TRANSITION_NOT_ALLOWED: HttpStatus.CONFLICT,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  SERVICE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
});

/** Per-field codes inside a VALIDATION_FAILED answer. */
export const FieldErrorCode = {
  UNKNOWN_FIELD: 'UNKNOWN_FIELD',
  REQUIRED: 'REQUIRED',
  INVALID: 'INVALID',
  /** NUL, other control characters or broken UTF-16 in a text value (see text-rules.ts). */
  INVALID_CHARACTERS: 'INVALID_CHARACTERS',
} as const;
