import { HttpStatus } from '@nestjs/common';
import { DomainException } from './domain.exception';
import { CoreErrorCode } from './error-code';
import { defineErrorCodes, registeredErrorCodes } from './error-registry';

describe('the error-code registry', () => {
  it('holds the core codes with their statuses', () => {
    const byCode = new Map(registeredErrorCodes().map((entry) => [entry.code, entry]));
    expect(byCode.get(CoreErrorCode.NOT_FOUND)).toEqual({ code: 'NOT_FOUND', status: 404, owner: 'core' });
    expect(byCode.get(CoreErrorCode.STALE_VERSION)?.status).toBe(409);
  });

  it('a lib declares its codes once; the same code with another status or owner is refused', () => {
    const codes = defineErrorCodes('probe', { PROBE_BROKEN: HttpStatus.UNPROCESSABLE_ENTITY });
    expect(codes.PROBE_BROKEN).toBe('PROBE_BROKEN');
    expect(() => defineErrorCodes('probe', { PROBE_BROKEN: HttpStatus.CONFLICT })).toThrow(/already declared by probe with status 422/);
    expect(() => defineErrorCodes('other', { PROBE_BROKEN: HttpStatus.UNPROCESSABLE_ENTITY })).toThrow(/already declared/);
    expect(() => defineErrorCodes('probe', { 'lower case': HttpStatus.BAD_REQUEST })).toThrow(/upper case/);
  });

  it('a domain error with an undeclared code, or the wrong status, cannot be raised', () => {
    expect(() => new DomainException('NEVER_DECLARED', HttpStatus.CONFLICT, 'x')).toThrow(/not declared/);
    expect(() => new DomainException(CoreErrorCode.NOT_FOUND, HttpStatus.CONFLICT, 'x')).toThrow(/declared with status 404/);
    expect(new DomainException(CoreErrorCode.NOT_FOUND, HttpStatus.NOT_FOUND, 'x').toBody()).toEqual({ code: 'NOT_FOUND', message: 'x' });
  });
});
