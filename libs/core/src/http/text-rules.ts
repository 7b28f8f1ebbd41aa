import { FieldError } from '../errors/domain.exception';
import { FieldErrorCode } from '../errors/error-code';

/**
 * Characters no text value accepts, whatever the field:
 * - NUL: PostgreSQL text cannot hold it (SQL state 22021, a 500 before this rule);
 * - the other C0 controls except tab, line feed and carriage return, DEL and the C1 controls: nobody
 *   types them, and they forge log lines and terminal output (ANSI escapes start with ESC);
 * - lone surrogates: not Unicode at all; the driver would silently store U+FFFD instead.
 * Bidi marks and isolates stay allowed: Arabic text mixed with Latin names and digits needs them
 * (the UI shows user text inside <bdi>, so an override cannot spill out of its field).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const hasForbiddenCharacters = (text: string): boolean => FORBIDDEN_TEXT.test(text);

/**
 * One field error per string (at any depth of `value`) that holds a forbidden character, named by
 * its dotted path as class-validator names fields (`contacts.0.phone`). A loop, not recursion.
 */
export function forbiddenTextErrors(value: unknown, rootPath = ''): FieldError[] {
  const errors: FieldError[] = [];
  const pending: Array<{ node: unknown; path: string }> = [{ node: value, path: rootPath }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, path } = next;
    if (typeof node === 'string' && hasForbiddenCharacters(node)) {
      const field = path || 'body';
      errors.push({ field, code: FieldErrorCode.INVALID_CHARACTERS, message: `${field} contains control characters or invalid Unicode` });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) pending.push({ node: child, path: path ? `${path}.${key}` : key });
    }
  }
  return errors.reverse();
}
