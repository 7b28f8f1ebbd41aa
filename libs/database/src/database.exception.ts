import { HttpStatus } from '@nestjs/common';
import { defineErrorCodes } from '@app/core';

export const DatabaseErrorCode = defineErrorCodes('database', {
  /** An Idempotency-Key sent again with another body (or for another operation). */
  IDEMPOTENCY_KEY_REUSED: HttpStatus.UNPROCESSABLE_ENTITY,
});
