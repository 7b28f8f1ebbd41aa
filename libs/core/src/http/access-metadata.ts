import { applyDecorators, SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'access:public';
export const REQUIRED_PERMISSION = 'access:permission';

/** Open to anyone, signed in or not. Every use is visible in the endpoint-permission snapshot. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The permission a caller's roles must grant; with several, any one of them (the route then serves
 * each holder its own scope, which row-level security decides). Guards check permissions, never role names.
 */
export const RequirePermission = (...permissions: [string, ...string[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_PERMISSION, permissions));

/** The permissions a route accepts, as declared (an empty list when it declares none). */
export const requiredPermissionsOf = (declared: unknown): string[] => (Array.isArray(declared) ? declared : []);

export const API_PREFIX = 'api/v1';

/** `apiPath('cases')` → `api/v1/cases`: domain controllers live under the versioned prefix. */
export const apiPath = (path: string): string => `${API_PREFIX}/${path}`.replace(/\/+$/, '');

export const AUDIT_ACTION = 'access:audit-action';
export const NOT_AUDITED = 'access:not-audited';

/**
 * The audit action a route's use case records (e.g. `referral.accepted`), declared beside its
 * permission. The service writes the event inside the use case's transaction; this declaration is
 * what the boot check and the audit-coverage test hold routes to.
 */
export const Audited = (action: string): MethodDecorator => SetMetadata(AUDIT_ACTION, action);

/** For reads of reference data only (no case contents); mutating routes cannot use it. */
export const NotAudited = (reason: string): MethodDecorator => SetMetadata(NOT_AUDITED, reason);

export const READ_ONLY_POST = 'access:read-only-post';

/**
 * A POST that changes nothing (a search, suggestions, a check): its terms travel in the body so they
 * stay out of URLs and logs. Declared so the boot check and the snapshot treat it as the read it is.
 */
export const ReadOnlyPost = (): MethodDecorator => SetMetadata(READ_ONLY_POST, true);
