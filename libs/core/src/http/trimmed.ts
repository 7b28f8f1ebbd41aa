import { Transform } from 'class-transformer';

/** Trims a string before validation, so "  ab  " is too short rather than a 500 at the database's own length check. */
export const Trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
