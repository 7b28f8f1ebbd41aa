import { ValidateIf } from 'class-validator';

/** Present and valid, or absent: `null` is refused (unlike @IsOptional), for fields that cannot be cleared. */
export const IsAbsentOr = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
