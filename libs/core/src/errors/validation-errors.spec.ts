import { ValidationError } from 'class-validator';
import { constraintToCode, toFieldErrors } from './validation-errors';

describe('toFieldErrors', () => {
  it('turns constraint names into stable upper-case codes', () => {
    expect(constraintToCode('isNotEmpty')).toBe('REQUIRED');
    expect(constraintToCode('whitelistValidation')).toBe('UNKNOWN_FIELD');
    expect(constraintToCode('maxLength')).toBe('MAX_LENGTH');
    expect(constraintToCode('isUUID')).toBe('IS_UUID');
  });

  it('flattens nested errors into dotted paths', () => {
    const child = Object.assign(new ValidationError(), { property: 'phone', constraints: { matches: 'phone must be E.164' }, children: [] });
    const item = Object.assign(new ValidationError(), { property: '0', constraints: {}, children: [child] });
    const list = Object.assign(new ValidationError(), { property: 'contacts', constraints: {}, children: [item] });
    expect(toFieldErrors([list])).toEqual([{ field: 'contacts.0.phone', code: 'MATCHES', message: 'phone must be E.164' }]);
  });
});
