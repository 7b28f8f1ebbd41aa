import { Injectable } from '@nestjs/common';
import { ClsService, ClsServiceManager } from 'nestjs-cls';

/** A signed-in person. Set by the authentication guard; absent for anonymous requests. */
export interface UserActor {
  kind: 'user';
  userId: string;
  unitId: string;
  roles: string[];
  /** What the roles grant, from the one role table: guards and row-level-security policies check these. */
  permissions: string[];
  sessionId?: string;
}

/** The worker acting on its own (sealing, scans): its own unit and the `system` role, never a user. */
export interface SystemActor {
  kind: 'system';
  unitId: string;
  roles: string[];
  permissions: string[];
}

export type Actor = UserActor | SystemActor;

export const isUserActor = (actor: Actor | undefined): actor is UserActor => actor?.kind === 'user';

export interface RequestContextStore {
  clientIp?: string;
  actor?: Actor;
  /** Free-form scope facts the access service adds (e.g. the centre a counsellor belongs to). */
  scope?: Record<string, string>;
}

const KEYS = { clientIp: 'clientIp', actor: 'actor' } as const;

/**
 * The request's context, readable anywhere in its async call chain (audit writer, logger,
 * transaction helper) without passing it by hand. Backed by nestjs-cls.
 */
@Injectable()
export class RequestContext {
  constructor(private readonly cls: ClsService) {}

  get correlationId(): string | undefined {
    return this.cls.isActive() ? this.cls.getId() : undefined;
  }

  get clientIp(): string | undefined {
    return this.cls.isActive() ? this.cls.get(KEYS.clientIp) : undefined;
  }

  get actor(): Actor | undefined {
    return this.cls.isActive() ? this.cls.get(KEYS.actor) : undefined;
  }

  setActor(actor: Actor | undefined): void {
    this.cls.set(KEYS.actor, actor);
  }

  setClientIp(ip: string | undefined): void {
    this.cls.set(KEYS.clientIp, ip);
  }

  /** Runs `work` in a fresh context: for jobs and scripts, which have no HTTP request. */
  runDetached<T>(correlationId: string, work: () => Promise<T>, actor?: Actor): Promise<T> {
    return this.cls.run({ ifNested: 'override' }, () => {
      this.cls.set('CLS_ID', correlationId);
      if (actor) this.cls.set(KEYS.actor, actor);
      return work();
    });
  }
}

/** For the logger's mixin, which lives outside dependency injection. */
export function currentCorrelationId(): string | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls?.isActive() ? cls.getId() : undefined;
}

/** For parameter decorators, which live outside dependency injection: the signed-in person, if any. */
export function currentUserActor(): UserActor | undefined {
  const cls = ClsServiceManager.getClsService();
  const actor: Actor | undefined = cls?.isActive() ? cls.get(KEYS.actor) : undefined;
  return isUserActor(actor) ? actor : undefined;
}
