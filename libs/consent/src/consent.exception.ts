import { HttpStatus } from '@nestjs/common';
import { defineErrorCodes, DomainException } from '@app/core';

export const ConsentErrorCode = defineErrorCodes('consent', {
  /** A guardian who is also an alleged perpetrator of the case cannot consent for the child: a legal basis is the path. */
  GUARDIAN_CONFLICT: HttpStatus.UNPROCESSABLE_ENTITY,
  /** Consent for a minor needs a guardian subject of the case. */
  GUARDIAN_REQUIRED: HttpStatus.UNPROCESSABLE_ENTITY,
  /** The named guardian is not a guardian subject of this case. */
  GUARDIAN_NOT_ON_CASE: HttpStatus.UNPROCESSABLE_ENTITY,
  /** An adult consents for themselves: no guardian, no assent. */
  GUARDIAN_NOT_APPLICABLE: HttpStatus.UNPROCESSABLE_ENTITY,
  /** Only a minor aged 15 or more is heard (assent or dissent). */
  MINOR_VIEW_NOT_APPLICABLE: HttpStatus.UNPROCESSABLE_ENTITY,
  /** The subject is not an active subject of this case. */
  SUBJECT_NOT_ON_CASE: HttpStatus.UNPROCESSABLE_ENTITY,
  /** A named centre is not an active partner centre. */
  UNKNOWN_CENTRE: HttpStatus.UNPROCESSABLE_ENTITY,
  /** An expiry must lie in the future. */
  EXPIRY_IN_PAST: HttpStatus.UNPROCESSABLE_ENTITY,
  /** A record supersedes one of the same subject on the same case. */
  SUPERSEDES_ANOTHER_SUBJECT: HttpStatus.UNPROCESSABLE_ENTITY,
  /** Only the current record of a subject's consent is superseded or withdrawn. */
  CONSENT_NOT_CURRENT: HttpStatus.CONFLICT,
  /** The one who requested a legal basis cannot approve or reject it (four eyes). */
  SELF_APPROVAL_FORBIDDEN: HttpStatus.UNPROCESSABLE_ENTITY,
  /** A request whose expiry has passed cannot be approved. */
  LEGAL_BASIS_EXPIRED: HttpStatus.UNPROCESSABLE_ENTITY,
});

export const consentRuleBroken = (code: string, message: string, field?: string) =>
  new DomainException(code, HttpStatus.UNPROCESSABLE_ENTITY, message, field ? { fields: [{ field, code, message }] } : {});
