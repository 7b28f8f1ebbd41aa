import { createParamDecorator } from '@nestjs/common';
import { currentUserActor, UserActor } from '@app/core';

/** The signed-in person the authentication guard put into the request context. */
export const CurrentActor = createParamDecorator((): UserActor => {
  const actor = currentUserActor();
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
