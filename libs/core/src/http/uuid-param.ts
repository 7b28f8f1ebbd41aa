import { applyDecorators, Param, ParseUUIDPipe, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsUUID } from 'class-validator';

/**
 * UUIDs compare as text in our code and in SQL casts to text: `ABC…` and `abc…` name one record, so
 * every UUID that comes in is lower-cased once, here (an upper-cased id once slipped past the
 * "not your own account" check and a unit's "not its own parent" check).
 */
const toLowerCase = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);
const LowerCaseUuid: PipeTransform = { transform: toLowerCase };

/** A UUID field of a body or query (or, with `each`, a list of them), validated and lower-cased. */
export const IsUuid = (options: { each?: boolean } = {}): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) => (options.each && Array.isArray(value) ? value.map(toLowerCase) : toLowerCase(value))),
    IsUUID(undefined, options),
  ) as PropertyDecorator;

/**
 * `@UuidParam('id') id: string`: the route parameter, refused with a 400 unless it is a UUID, and
 * documented as one (format uuid), in one decorator so the two cannot drift apart.
 */
export const UuidParam =
  (name: string): ParameterDecorator =>
  (target, key, index) => {
    Param(name, ParseUUIDPipe, LowerCaseUuid)(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (!key || !descriptor) throw new Error('@UuidParam belongs on a route handler parameter');
    ApiParam({ name, type: String, format: 'uuid' })(target, key, descriptor);
  };
