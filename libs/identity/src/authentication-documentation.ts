import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CoreErrorCode, defineApiSecuritySchemes, RolePermissions, RouteAccess, RouteAccessDescription, RouteAccessDocumentation, USER_ROLES } from '@app/core';
import { AllowedWhilePasswordChangeRequired, AllowSessionStages } from './authentication.guard';
import { IdentityErrorCode } from './identity.exception';
import type { SessionStage } from './session.repository';
import { SESSION_COOKIE } from './session-tokens';

export const SESSION_SCHEME = 'session';
export const CSRF_SCHEME = 'csrf';

defineApiSecuritySchemes({
  [SESSION_SCHEME]: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'Set by POST /api/v1/auth/sign-in (httpOnly, SameSite=Strict, Secure outside tests) and replaced after each sign-in step; ' +
      '30 minutes idle, 12 hours absolute.',
  },
  [CSRF_SCHEME]: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: 'Every state-changing call (POST, PUT, PATCH, DELETE) of a session: the csrfToken of the sign-in step answers or of GET /api/v1/auth/session.',
  },
});

// The guard's metadata keys, read from its own decorators (SetMetadata exposes KEY) rather than copied.
const STAGES_KEY = AllowSessionStages().KEY;
const PASSWORD_CHANGE_PENDING_KEY = AllowedWhilePasswordChangeRequired().KEY;
/** The methods the guard lets through without the CSRF header. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What AuthenticationGuard does to each route, for the OpenAPI document: the session cookie it asks
 * for (and X-CSRF-Token on state changes), and every refusal it can answer there, derived from the
 * same metadata the guard reads, so a route's stages or password-change allowance show in its errors.
 */
@Injectable()
export class AuthenticationDocumentation extends RouteAccessDocumentation {
  constructor(
    private readonly reflector: Reflector,
    private readonly rolePermissions: RolePermissions,
  ) {
    super();
  }

  describe(route: RouteAccess): RouteAccessDescription {
    if (route.access === 'public' || route.permissions.length === 0) return { security: [], errorCodes: [] };
    const targets = [route.target.handler, route.target.controller] as Parameters<Reflector['getAllAndOverride']>[1];
    const stages = this.reflector.getAllAndOverride<SessionStage[] | undefined>(STAGES_KEY, targets) ?? ['active'];
    const allowedWhilePasswordChangePending = this.reflector.getAllAndOverride<boolean | undefined>(PASSWORD_CHANGE_PENDING_KEY, targets) ?? false;
    const mutating = !SAFE_METHODS.has(route.method);
    const someRoleLacksPermission = USER_ROLES.some((role) => !route.permissions.some((p) => this.rolePermissions.permissionsFor([role]).includes(p)));
    const errorCodes = [
      CoreErrorCode.UNAUTHENTICATED,
      IdentityErrorCode.SESSION_EXPIRED,
      // The session is looked up, and a denial recorded, in PostgreSQL.
      CoreErrorCode.SERVICE_UNAVAILABLE,
      ...(stages.includes('second_factor') ? [] : [IdentityErrorCode.SECOND_FACTOR_REQUIRED]),
      ...(stages.includes('enrolment') ? [] : [IdentityErrorCode.SECOND_FACTOR_NOT_ENROLLED]),
      ...(stages.includes('active') && !someRoleLacksPermission ? [] : [CoreErrorCode.FORBIDDEN]),
      ...(mutating ? [IdentityErrorCode.CSRF_TOKEN_INVALID] : []),
      ...(allowedWhilePasswordChangePending ? [] : [IdentityErrorCode.PASSWORD_CHANGE_REQUIRED]),
    ];
    return { security: [mutating ? { [SESSION_SCHEME]: [], [CSRF_SCHEME]: [] } : { [SESSION_SCHEME]: [] }], errorCodes };
  }
}
