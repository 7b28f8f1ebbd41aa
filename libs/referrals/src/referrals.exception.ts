import { HttpStatus } from '@nestjs/common';
import { defineErrorCodes } from '@app/core';

export const ReferralErrorCode = defineErrorCodes('referrals', {
  /** A day is in the holiday calendar once. */
  HOLIDAY_EXISTS: HttpStatus.CONFLICT,
});
