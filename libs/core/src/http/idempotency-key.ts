import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { RequestValidationException } from '../errors/domain.exception';
import { FieldErrorCode } from '../errors/error-code';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

const readKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[IDEMPOTENCY_KEY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
    throw new RequestValidationException([
      { field: 'Idempotency-Key', code: FieldErrorCode.INVALID, message: 'Idempotency-Key must be 8 to 128 letters, digits, _ or -' },
    ]);
  }
  return value;
});

/**
 * `@IdempotencyKey() key: string | undefined` on a creating route: the client's key (a UUID, say),
 * validated and documented. A retry with the same key and body returns the first result.
 */
export const IdempotencyKey = (): ParameterDecorator => (target, key, index) => {
  readKey()(target, key, index);
  const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
  if (!key || !descriptor) throw new Error('@IdempotencyKey belongs on a route handler parameter');
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Any unique string (8–128 of A–Z a–z 0–9 _ -): a retry with the same key and body returns the first result',
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
    }),
  )(target, key, descriptor);
};
