import { HttpStatus } from '@nestjs/common';
import { defineErrorCodes, DomainException, FieldError } from '@app/core';
import { ConsentErrorCode } from '@app/consent';

/** Not an active partner centre; a subject not on the case: the consent lib's codes, the same to the UI. */
const { UNKNOWN_CENTRE, SUBJECT_NOT_ON_CASE } = ConsentErrorCode;

export const ReferralErrorCode = {
  UNKNOWN_CENTRE,
  SUBJECT_NOT_ON_CASE,
  ...defineErrorCodes('referrals', {
    /** A day is in the holiday calendar once. */
    HOLIDAY_EXISTS: HttpStatus.CONFLICT,
    /** The case already has a pending, accepted or in-service referral to this centre. */
    REFERRAL_ALREADY_ACTIVE: HttpStatus.CONFLICT,
    /** A colleague accepted it first (or a manager assigned it). */
    REFERRAL_ALREADY_ACCEPTED: HttpStatus.CONFLICT,
    /** Consent or an approved legal basis does not cover every shared subject and data category now. */
    SHARING_NOT_ALLOWED: HttpStatus.UNPROCESSABLE_ENTITY,
    /** Party-aware separation: a protected party's contact to a centre serving the accused, or one party's address to the other's centre. */
    PARTY_SEPARATION: HttpStatus.UNPROCESSABLE_ENTITY,
    /** A client subject must also be among the shared subjects. */
    CLIENT_NOT_SHARED: HttpStatus.UNPROCESSABLE_ENTITY,
    /** The centre does not offer a service asked for. */
    SERVICE_NOT_OFFERED: HttpStatus.UNPROCESSABLE_ENTITY,
    /** Only an overdue pending referral is redirected. */
    REFERRAL_NOT_OVERDUE: HttpStatus.CONFLICT,
    /** A redirect goes to another centre. */
    SAME_CENTRE: HttpStatus.UNPROCESSABLE_ENTITY,
    /** The assignee is not an active counsellor or manager of the centre. */
    ASSIGNEE_NOT_IN_CENTRE: HttpStatus.UNPROCESSABLE_ENTITY,
    /** The caller's role does not take this action on this referral. */
    ACTION_NOT_YOURS: HttpStatus.FORBIDDEN,
  }),
} as const;

export const referralRuleBroken = (code: string, message: string, fields: FieldError[] = [], details: Record<string, unknown> = {}) =>
  new DomainException(code, HttpStatus.UNPROCESSABLE_ENTITY, message, { ...(fields.length > 0 ? { fields } : {}), ...details });
