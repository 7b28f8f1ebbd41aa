import { describe, expect, it } from 'vitest';
import i18n from './i18n';
import { ApiError } from './api/client';
import { showError } from './errors';
import { ERRORS_AR, ERRORS_EN } from './i18n/errors';
import { FIELD_ERRORS_AR } from './i18n/field-errors';
import schema from '../../../test/api/openapi.snap.json';

describe('error messages', () => {
  const codes: string[] = (schema as any).components.schemas.ErrorBody.properties.code.enum;

  it('every error code of the API has an Arabic and an English message, and no code is made up', () => {
    expect(codes.length).toBeGreaterThan(40);
    expect(Object.keys(ERRORS_AR).sort()).toEqual([...codes].sort());
    expect(Object.keys(ERRORS_EN).sort()).toEqual([...codes].sort());
    for (const code of codes) expect([code, ERRORS_AR[code as keyof typeof ERRORS_AR]]).not.toEqual([code, ERRORS_EN[code as keyof typeof ERRORS_EN]]);
  });

  it('maps an API error to its translated message, field errors by field, and the errorId of a masked 500', async () => {
    await i18n.changeLanguage('ar');
    const invalid = new ApiError(422, {
      code: 'GUARDIAN_REQUIRED',
      message: 'A minor’s consent is given by a guardian subject of the case',
      fields: [{ field: 'guardianSubjectId', code: 'GUARDIAN_REQUIRED', message: 'Name the guardian' }],
    } as never);
    const shown = showError(invalid, i18n.t);
    expect(shown.message).toBe(ERRORS_AR.GUARDIAN_REQUIRED);
    expect(shown.fields).toEqual({ guardianSubjectId: ERRORS_AR.GUARDIAN_REQUIRED });
    const fieldCodes = showError(
      new ApiError(400, {
        code: 'VALIDATION_FAILED',
        message: 'Invalid',
        fields: [
          { field: 'subjects.0.person.document.number', code: 'INVALID_QID', message: 'A Qatar ID is 11 digits starting with 2 or 3' },
          { field: 'title', code: 'SOME_RULE_NOT_KNOWN_YET', message: 'title is wrong in English' },
        ],
      } as never),
      i18n.t,
    );
    expect(fieldCodes.fields).toEqual({ 'subjects.0.person.document.number': FIELD_ERRORS_AR.INVALID_QID, title: FIELD_ERRORS_AR.INVALID });
    const unknown = showError(new ApiError(500, { code: 'INTERNAL', message: 'Internal error', errorId: 'e-123' } as never), i18n.t);
    expect(unknown).toEqual({ message: ERRORS_AR.INTERNAL, fields: {}, errorId: 'e-123' });
    await i18n.changeLanguage('en');
    expect(showError(new TypeError('network'), i18n.t).message).toBe(ERRORS_EN.INTERNAL);
  });
});
