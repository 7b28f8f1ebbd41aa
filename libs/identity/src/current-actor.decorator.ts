import { createParamDecorator } from '@nestjs/common';
import { Actor, currentActor } from '@app/core';

/** The signed-in actor the authentication guard put into the request context. */
export const CurrentActor = createParamDecorator((): Actor => {
  const actor = currentActor();
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
