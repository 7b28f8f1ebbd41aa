import { HttpStatus } from '@nestjs/common';
import { defineErrorCodes, DomainException, FieldError, RequestValidationException } from '@app/core';

export const CasesErrorCode = defineErrorCodes('cases', {
  /** The title is the one text lists show: it must not name a subject. */
  TITLE_NAMES_SUBJECT: HttpStatus.UNPROCESSABLE_ENTITY,
  /** A subject is either a new person or an existing personId, never both or neither. */
  SUBJECT_PERSON_AMBIGUOUS: HttpStatus.UNPROCESSABLE_ENTITY,
  /** The officer to assign is not an active desk officer or supervisor of the case's unit. */
  ASSIGNEE_NOT_IN_UNIT: HttpStatus.UNPROCESSABLE_ENTITY,
  /** Only a supervisor assigns a case to someone else. */
  ASSIGNMENT_NOT_ALLOWED: HttpStatus.FORBIDDEN,
  SUBJECT_ALREADY_ON_CASE: HttpStatus.CONFLICT,
  /** A case keeps at least one subject. */
  LAST_SUBJECT: HttpStatus.UNPROCESSABLE_ENTITY,
  NARRATIVE_TOO_LONG: HttpStatus.BAD_REQUEST,
  /** A search needs at least one term or filter. */
  SEARCH_EMPTY: HttpStatus.BAD_REQUEST,
});

/** Per-field codes the cases lib adds inside a VALIDATION_FAILED answer. */
export const CasesFieldCode = {
  INVALID_QID: 'INVALID_QID',
  INVALID_PHONE: 'INVALID_PHONE',
  INVALID_DOCUMENT_NUMBER: 'INVALID_DOCUMENT_NUMBER',
  BIRTH_DATE_IN_FUTURE: 'BIRTH_DATE_IN_FUTURE',
  BIRTH_DATE_AND_AGE: 'BIRTH_DATE_AND_AGE',
  NAME_REQUIRED: 'NAME_REQUIRED',
  BIDI_CONTROL: 'BIDI_CONTROL',
  TOO_LONG: 'TOO_LONG',
} as const;

export const invalidField = (field: string, code: string, message: string): FieldError => ({ field, code, message });
export const badInput = (fields: FieldError[]) => new RequestValidationException(fields);

export const casesRuleBroken = (code: string, message: string, field?: string) =>
  new DomainException(code, HttpStatus.UNPROCESSABLE_ENTITY, message, field ? { fields: [{ field, code, message }] } : {});

export const searchEmpty = () => new DomainException(CasesErrorCode.SEARCH_EMPTY, HttpStatus.BAD_REQUEST, 'Give a term or a filter to search by');
