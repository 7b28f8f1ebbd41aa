import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { currentUserActor, UserActor } from '@app/core';
import type { ResumedSession } from './session.service';

/** The signed-in person the authentication guard put into the request context. */
export const CurrentActor = createParamDecorator((): UserActor => {
  const actor = currentUserActor();
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});

/** Where the guard leaves the session it resumed, for the routes that answer from it (the session check). */
export interface RequestWithSession {
  resumedSession?: ResumedSession;
}

export const CurrentSession = createParamDecorator((_data: unknown, execution: ExecutionContext): ResumedSession => {
  const session = execution.switchToHttp().getRequest<RequestWithSession>().resumedSession;
  if (!session) throw new Error('CurrentSession used on a route without authentication');
  return session;
});
