import { ValidationError } from 'class-validator';
import { FieldError } from './domain.exception';
import { FieldErrorCode } from './error-code';

const SPECIAL_CONSTRAINTS: Record<string, string> = {
  whitelistValidation: FieldErrorCode.UNKNOWN_FIELD,
  isDefined: FieldErrorCode.REQUIRED,
  isNotEmpty: FieldErrorCode.REQUIRED,
};

/** isNotEmpty → IS_NOT_EMPTY; a constraint name becomes a stable field code. */
export function constraintToCode(constraint: string): string {
  return SPECIAL_CONSTRAINTS[constraint] ?? constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/**
 * A property name as the client sent it can hold anything (controls, bidi overrides, a paragraph): an
 * error body names it with letters, digits and `._-` only, at most 64 characters, so it cannot forge
 * text in a UI or a log.
 */
const shownName = (property: string): string => {
  const safe = property.replace(/[^\p{L}\p{N}._-]/gu, '?');
  return safe.length > 64 ? `${safe.slice(0, 63)}…` : safe;
};

/** Flattens class-validator's tree into `a.b.0.c` paths, one entry per broken constraint. */
export function toFieldErrors(errors: ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const name = shownName(error.property);
    const path = parentPath ? `${parentPath}.${name}` : name;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field: path,
      code: constraintToCode(constraint),
      message: constraint === 'whitelistValidation' ? `${path} is not an accepted field` : message,
    }));
    return [...own, ...toFieldErrors(error.children ?? [], path)];
  });
}
