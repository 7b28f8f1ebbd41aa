import { ValidationPipe } from '@nestjs/common';
import { RequestValidationException } from '../errors/domain.exception';
import { toFieldErrors } from '../errors/validation-errors';

/** Strict everywhere: unknown fields are refused, not silently dropped (mass assignment). */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationException(toFieldErrors(errors)),
  });
}
