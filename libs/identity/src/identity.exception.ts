import { HttpStatus } from '@nestjs/common';
import { defineErrorCodes, DomainException } from '@app/core';

export const IdentityErrorCode = defineErrorCodes('identity', {
  /** One answer for unknown user, wrong password, locked and disabled accounts: nothing to enumerate. */
  INVALID_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  INVALID_SECOND_FACTOR: HttpStatus.UNAUTHORIZED,
  SECOND_FACTOR_REQUIRED: HttpStatus.UNAUTHORIZED,
  SECOND_FACTOR_NOT_ENROLLED: HttpStatus.UNAUTHORIZED,
  SECOND_FACTOR_ALREADY_ENROLLED: HttpStatus.CONFLICT,
  PASSWORD_CHANGE_REQUIRED: HttpStatus.FORBIDDEN,
  SESSION_EXPIRED: HttpStatus.UNAUTHORIZED,
  CSRF_TOKEN_INVALID: HttpStatus.FORBIDDEN,
  WEAK_PASSWORD: HttpStatus.UNPROCESSABLE_ENTITY,
  CURRENT_PASSWORD_INCORRECT: HttpStatus.UNPROCESSABLE_ENTITY,
  ROLE_UNIT_MISMATCH: HttpStatus.UNPROCESSABLE_ENTITY,
  USERNAME_TAKEN: HttpStatus.CONFLICT,
  UNIT_CODE_TAKEN: HttpStatus.CONFLICT,
  UNIT_NOT_FOUND: HttpStatus.UNPROCESSABLE_ENTITY,
  UNIT_PARENT_INVALID: HttpStatus.UNPROCESSABLE_ENTITY,
  CANNOT_CHANGE_OWN_ACCESS: HttpStatus.UNPROCESSABLE_ENTITY,
  CENTRE_FIELDS_ON_NON_CENTRE: HttpStatus.UNPROCESSABLE_ENTITY,
  /** A unit's office closes after it opens (a night office is not supported). */
  OFFICE_HOURS_ORDER: HttpStatus.UNPROCESSABLE_ENTITY,
  /** The administrator who asked for a privileged change cannot also approve it. */
  APPROVER_IS_REQUESTER: HttpStatus.UNPROCESSABLE_ENTITY,
  APPROVAL_EXPIRED: HttpStatus.CONFLICT,
  /** Approving a new temporary password needs the approver's part of it. */
  PASSWORD_PART_REQUIRED: HttpStatus.UNPROCESSABLE_ENTITY,
});

export const invalidCredentials = () =>
  new DomainException(IdentityErrorCode.INVALID_CREDENTIALS, HttpStatus.UNAUTHORIZED, 'The user name or password is not correct');

export const sessionExpired = () => new DomainException(IdentityErrorCode.SESSION_EXPIRED, HttpStatus.UNAUTHORIZED, 'Sign in again');

export const ruleBroken = (code: string, message: string, field?: string) =>
  new DomainException(code, HttpStatus.UNPROCESSABLE_ENTITY, message, field ? { fields: [{ field, code, message }] } : {});
