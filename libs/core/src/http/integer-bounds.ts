import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';

/**
 * The largest PostgreSQL `integer`. Every integer a request carries is bounded to fit the column it
 * reaches: 2147483648 was SQL state 22003 and 1e308 (an integer to JavaScript) 22P02, both 500s.
 * A test walks every DTO and fails on an @IsInt without @Min and @Max.
 */
export const POSTGRES_INTEGER_MAX = 2_147_483_647;

/** The version an update was based on (an `integer` column bumped by each change). */
export const IsRecordVersion = (): PropertyDecorator => applyDecorators(IsInt(), Min(1), Max(POSTGRES_INTEGER_MAX));
