import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate, MaxDate, MinDate } from 'class-validator';

/** Dates a JavaScript Date accepts but PostgreSQL does not (year -271821) would be a 500: bound them. */
export const EARLIEST_DATE = new Date('2000-01-01T00:00:00Z');
export const LATEST_DATE = new Date('2200-01-01T00:00:00Z');
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * An ISO date or date-time that names a real calendar day, as a Date; anything else stays as it came
 * and fails @IsDate (a JavaScript Date reads 2024-02-30 as 1 March).
 */
export const StrictDate = () =>
  Transform(({ value }) => {
    const match = typeof value === 'string' ? ISO_TIME.exec(value) : null;
    if (!match || new Date(`${match[1]}T00:00:00Z`).toISOString().slice(0, 10) !== match[1]) return value;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date;
  });

/** A strict ISO date-time between EARLIEST_DATE and LATEST_DATE, as a Date. */
export const IsBoundedDate = (): PropertyDecorator => applyDecorators(StrictDate(), IsDate(), MinDate(EARLIEST_DATE), MaxDate(LATEST_DATE));
