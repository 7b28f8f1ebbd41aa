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

  it('names a property the client sent with safe characters only, never its controls or bidi overrides', () => {
    const sneaky = Object.assign(new ValidationError(), { property: 'role\u202e\u0000s<script>', constraints: { whitelistValidation: 'x' }, children: [] });
    const [error] = toFieldErrors([sneaky]);
    expect(error.field).toBe('role??s?script?');
    expect(error.message).toBe('role??s?script? is not an accepted field');
    const long = Object.assign(new ValidationError(), { property: 'a'.repeat(500), constraints: { whitelistValidation: 'x' }, children: [] });
    expect(toFieldErrors([long])[0].field).toHaveLength(64);
  });
});
