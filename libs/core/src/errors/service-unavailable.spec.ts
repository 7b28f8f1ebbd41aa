import { HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { RetryLaterException } from './domain.exception';
import { mapErrorToResponse } from './http-error-mapping';
import { isDatabaseUnavailable } from './service-unavailable';

const withCode = (code: string, message = 'driver error') => Object.assign(new Error(message), { code });
const wrapped = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection reset', withCode('ECONNRESET')],
    ['host unreachable', withCode('EHOSTUNREACH')],
    ['connection terminated', new Error('Connection terminated unexpectedly')],
    ['client connect timeout', new Error('Connection terminated due to connection timeout')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a broken pooled client', new Error('Client has encountered a connection error and is not queryable')],
    ['admin shutdown (57P01)', wrapped(withCode('57P01', 'terminating connection due to administrator command'))],
    ['crash shutdown (57P02)', wrapped(withCode('57P02'))],
    ['cannot connect now (57P03)', withCode('57P03', 'the database system is starting up')],
    ['connection exception (08006)', wrapped(withCode('08006'))],
    ['connection does not exist (08003)', withCode('08003')],
    ['too many connections (53300)', withCode('53300')],
  ])('%s: yes', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', wrapped(withCode('23505'))],
    ['an invalid input (22P02)', wrapped(withCode('22P02'))],
    ['a query cancelled (57014)', wrapped(withCode('57014'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a thrown string', 'kaboom'],
    ['nothing', undefined],
  ])('%s: no', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('answers that tell the client to come back', () => {
  it('an outage is 503 SERVICE_UNAVAILABLE with Retry-After, with no error id (it is not a bug)', () => {
    const mapped = mapErrorToResponse(withCode('ECONNREFUSED'));
    expect(mapped).toEqual(
      expect.objectContaining({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) }, headers: { 'Retry-After': '5' } }),
    );
    expect(mapped.unexpected).toBeUndefined();
  });

  it('a RetryLaterException carries its Retry-After, in whole seconds, at least 1', () => {
    const mapped = mapErrorToResponse(new RetryLaterException('RATE_LIMITED', HttpStatus.TOO_MANY_REQUESTS, 'Too many requests', 0.2));
    expect(mapped).toEqual({ status: 429, body: { code: 'RATE_LIMITED', message: 'Too many requests' }, headers: { 'Retry-After': '1' } });
  });
});
