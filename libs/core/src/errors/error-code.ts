/**
 * Stable, upper-case codes the UI translates and integrators branch on. Add, never rename.
 * Capabilities add their own codes beside these (e.g. REFERRAL_ALREADY_ACCEPTED).
 */
export const CoreErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_JSON: 'MALFORMED_JSON',
  JSON_TOO_DEEP: 'JSON_TOO_DEEP',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;

/** Per-field codes inside a VALIDATION_FAILED answer. */
export const FieldErrorCode = {
  UNKNOWN_FIELD: 'UNKNOWN_FIELD',
  REQUIRED: 'REQUIRED',
  INVALID: 'INVALID',
  /** NUL, other control characters or broken UTF-16 in a text value (see text-rules.ts). */
  INVALID_CHARACTERS: 'INVALID_CHARACTERS',
} as const;
