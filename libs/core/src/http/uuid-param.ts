import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

/**
 * `@UuidParam('id') id: string`: the route parameter, refused with a 400 unless it is a UUID, and
 * documented as one (format uuid), in one decorator so the two cannot drift apart.
 */
export const UuidParam =
  (name: string): ParameterDecorator =>
  (target, key, index) => {
    Param(name, ParseUUIDPipe)(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (!key || !descriptor) throw new Error('@UuidParam belongs on a route handler parameter');
    ApiParam({ name, type: String, format: 'uuid' })(target, key, descriptor);
  };
