import { HttpStatus } from '@nestjs/common';
import { defineErrorCodes, DomainException } from '@app/core';

export const AuditErrorCode = defineErrorCodes('audit', {
  VERIFICATION_RUNNING: HttpStatus.CONFLICT,
});

/** One verification at a time: a second one would only slow the first and the database down. */
export class VerificationRunningException extends DomainException {
  constructor() {
    super(AuditErrorCode.VERIFICATION_RUNNING, HttpStatus.CONFLICT, 'An audit verification is already running; try again when it has finished');
  }
}
