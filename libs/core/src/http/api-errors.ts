import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ErrorBody, FieldError } from '../errors/domain.exception';
import { FieldErrorCode } from '../errors/error-code';
import { registeredErrorCode } from '../errors/error-registry';

@ApiSchema({ name: 'FieldError', description: 'One broken rule of one field.' })
export class FieldErrorSchema implements FieldError {
  @ApiProperty({ description: 'Path of the field in the body, query or route: `username`, `acceptanceHours.low`, `roles.0`', example: 'username' })
  field!: string;

  @ApiProperty({
    description:
      `${Object.values(FieldErrorCode).join(', ')}; the class-validator rule in upper snake case (MAX_LENGTH, IS_UUID, MATCHES, …); ` +
      'or, on a 422, the domain code of the answer (WEAK_PASSWORD, UNIT_NOT_FOUND, …)',
    example: 'MAX_LENGTH',
  })
  code!: string;

  @ApiProperty({ description: 'English, for developers; the UI translates the code' })
  message!: string;
}

/**
 * The one error body (domain.exception.ts), as the document's `ErrorBody` component. Every 4xx and 5xx
 * of every operation references it; the document builder puts every registered code into `code`'s enum.
 */
@ApiSchema({ name: 'ErrorBody', description: 'The one error shape. `x-error-codes` at the root of this document gives every code its status and owning lib.' })
export class ErrorBodySchema implements ErrorBody {
  [extra: string]: unknown;

  @ApiProperty({ description: 'Stable, upper case; the UI translates it (the enum is the registry of defineErrorCodes)', example: 'VALIDATION_FAILED' })
  code!: string;

  @ApiProperty({ description: 'English, for developers and logs; never case content' })
  message!: string;

  @ApiPropertyOptional({ type: () => [FieldErrorSchema], description: 'VALIDATION_FAILED and field-level 422s: what is wrong with which field' })
  fields?: FieldErrorSchema[];

  @ApiPropertyOptional({ format: 'uuid', description: 'INTERNAL: the id the log holds the details under; quote it to support' })
  errorId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'STALE_VERSION: the version the record has now' })
  currentVersion?: number;

  @ApiPropertyOptional({ description: 'TRANSITION_NOT_ALLOWED: the state the record is in now', example: 'approved' })
  currentState?: string;
}

const API_ERROR_CODES = 'openapi:error-codes';

function addCodes(target: object, codes: readonly string[]): void {
  const declared: string[] = Reflect.getMetadata(API_ERROR_CODES, target) ?? [];
  Reflect.defineMetadata(API_ERROR_CODES, [...new Set([...declared, ...codes])], target);
}

/**
 * The error codes a route (or every route of a controller) can answer besides what the document
 * builder derives for all of them (see api-document.ts). Codes must be registered: a typo fails at
 * load. The builder groups them by their registered status into responses that reference ErrorBody.
 * Several uses add up.
 */
export function ApiErrors(...codes: [string, ...string[]]): MethodDecorator & ClassDecorator {
  for (const code of codes) registeredErrorCode(code);
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => addCodes(descriptor ? descriptor.value : target, codes);
}

/** The codes a route declared with @ApiErrors, on its handler and its controller. */
export function declaredErrorCodes(handler: object, controller: object): string[] {
  return [...new Set([...(Reflect.getMetadata(API_ERROR_CODES, controller) ?? []), ...(Reflect.getMetadata(API_ERROR_CODES, handler) ?? [])])];
}
