import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@app/core';

export const IdentityErrorCode = {
  /** One answer for unknown user, wrong password, locked and disabled accounts: nothing to enumerate. */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  INVALID_SECOND_FACTOR: 'INVALID_SECOND_FACTOR',
  SECOND_FACTOR_REQUIRED: 'SECOND_FACTOR_REQUIRED',
  SECOND_FACTOR_NOT_ENROLLED: 'SECOND_FACTOR_NOT_ENROLLED',
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  CSRF_TOKEN_INVALID: 'CSRF_TOKEN_INVALID',
  WEAK_PASSWORD: 'WEAK_PASSWORD',
  ROLE_UNIT_MISMATCH: 'ROLE_UNIT_MISMATCH',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  UNIT_CODE_TAKEN: 'UNIT_CODE_TAKEN',
  UNIT_NOT_FOUND: 'UNIT_NOT_FOUND',
  STALE_VERSION: 'STALE_VERSION',
  CANNOT_CHANGE_OWN_ACCESS: 'CANNOT_CHANGE_OWN_ACCESS',
  CENTRE_FIELDS_ON_NON_CENTRE: 'CENTRE_FIELDS_ON_NON_CENTRE',
} as const;

export const invalidCredentials = () =>
  new DomainException(IdentityErrorCode.INVALID_CREDENTIALS, HttpStatus.UNAUTHORIZED, 'The user name or password is not correct');

export const sessionExpired = () => new DomainException(IdentityErrorCode.SESSION_EXPIRED, HttpStatus.UNAUTHORIZED, 'Sign in again');

export const staleVersion = (currentVersion: number) =>
  new DomainException(IdentityErrorCode.STALE_VERSION, HttpStatus.CONFLICT, 'Someone changed this record; reload it', { currentVersion });

export const ruleBroken = (code: string, message: string, field?: string) =>
  new DomainException(code, HttpStatus.UNPROCESSABLE_ENTITY, message, field ? { fields: [{ field, code, message }] } : {});
