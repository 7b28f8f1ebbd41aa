import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { RequestValidationException } from '../errors/domain.exception';
import { toFieldErrors } from '../errors/validation-errors';
import { forbiddenTextErrors } from './text-rules';

/**
 * The global pipe. Before class-validator, every string of a body, query or route parameter is held
 * to the text rules (text-rules.ts): one place, so no DTO can forget them.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const fields = forbiddenTextErrors(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (fields.length > 0) throw new RequestValidationException(fields);
    }
    return super.transform(value, metadata);
  }
}

/** Strict everywhere: unknown fields are refused, not silently dropped (mass assignment). */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationException(toFieldErrors(errors)),
  });
}
