import { Injectable } from '@nestjs/common';
import { ClsService, ClsServiceManager } from 'nestjs-cls';

/** Who is acting. Set by the authentication guard; absent for anonymous requests and system jobs. */
export interface Actor {
  userId: string;
  unitId: string;
  roles: string[];
  sessionId?: string;
}

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
  runDetached<T>(correlationId: string, work: () => Promise<T>): Promise<T> {
    return this.cls.run({ ifNested: 'override' }, () => {
      this.cls.set('CLS_ID', correlationId);
      return work();
    });
  }
}

/** For the logger's mixin, which lives outside dependency injection. */
export function currentCorrelationId(): string | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls?.isActive() ? cls.getId() : undefined;
}

/** For parameter decorators, which live outside dependency injection. */
export function currentActor(): Actor | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls?.isActive() ? cls.get(KEYS.actor) : undefined;
}
