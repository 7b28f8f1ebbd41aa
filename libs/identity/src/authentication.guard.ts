import { CanActivate, ExecutionContext, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuditTrail } from '@app/audit';
import {
  CoreErrorCode,
  DomainException,
  KeyedHasher,
  PUBLIC_ROUTE,
  REQUIRED_PERMISSION,
  requiredPermissionsOf,
  RequestContext,
  RolePermissions,
  routePattern,
} from '@app/core';
import { IdentityErrorCode, sessionExpired } from './identity.exception';
import { SessionStage } from './session.repository';
import { SessionService } from './session.service';
import { csrfTokenMatches, CSRF_HEADER, SESSION_COOKIE } from './session-tokens';
import type { RequestWithSession } from './current-actor.decorator';

const ALLOWED_STAGES = 'access:stages';
const ALLOWED_WITH_PASSWORD_CHANGE_PENDING = 'access:password-change-pending';
const BACKGROUND_READ = 'access:background-read';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes a half-signed-in session may use (the second-factor steps). Others need an active session. */
export const AllowSessionStages = (...stages: SessionStage[]) => SetMetadata(ALLOWED_STAGES, stages);
/**
 * Reads the UI makes on its own (the session check, unread counts, live updates): they resume the
 * session without moving its idle timer, so an unattended screen still times out.
 */
export const BackgroundRead = () => SetMetadata(BACKGROUND_READ, true);
/** Routes usable before a forced password change (see yourself, change it, sign out). */
export const AllowedWhilePasswordChangeRequired = () => SetMetadata(ALLOWED_WITH_PASSWORD_CHANGE_PENDING, true);

/**
 * The global guard: default deny. A route is reachable only if it is @Public() or the caller's
 * session is live, at the right stage, carries the CSRF token on state changes, and its roles grant
 * the route's permission. On success the actor enters the request context for everything downstream.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly context: RequestContext,
    private readonly hasher: KeyedHasher,
    private readonly audit: AuditTrail,
    private readonly rolePermissions: RolePermissions,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const targets = [execution.getHandler(), execution.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const accepted = requiredPermissionsOf(this.reflector.getAllAndOverride(REQUIRED_PERMISSION, targets));
    if (accepted.length === 0) throw new DomainException(CoreErrorCode.FORBIDDEN, HttpStatus.FORBIDDEN, 'This route declares no permission'); // unreachable: boot refuses such routes
    const request = execution.switchToHttp().getRequest<Request>();
    const token = request.cookies?.[SESSION_COOKIE];
    if (typeof token !== 'string' || token.length === 0) throw new DomainException(CoreErrorCode.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED, 'Sign in first');
    const session = await this.sessions.resume(token, !this.reflector.getAllAndOverride<boolean>(BACKGROUND_READ, targets));
    if (!session) throw sessionExpired();
    const permissions = this.rolePermissions.permissionsFor(session.roles);
    this.context.setActor({
      kind: 'user',
      userId: session.user_id,
      unitId: session.unit_id,
      roles: session.roles,
      permissions,
      sessionId: session.session_id,
    });
    (request as RequestWithSession).resumedSession = session;
    this.assertStage(session.stage, targets);
    this.assertCsrf(request, session.session_id);
    if (session.must_change_password && !this.reflector.getAllAndOverride<boolean>(ALLOWED_WITH_PASSWORD_CHANGE_PENDING, targets)) {
      throw new DomainException(IdentityErrorCode.PASSWORD_CHANGE_REQUIRED, HttpStatus.FORBIDDEN, 'Change your temporary password first');
    }
    if (!accepted.some((permission) => permissions.includes(permission))) {
      // A denial is a security event, committed on its own: the refused request has nothing to roll back with it.
      await this.audit.recordSeparately({
        action: 'access.denied',
        outcome: 'denied',
        detail: { route: routePattern(request), method: request.method, permission: accepted.join(' | ') },
      });
      throw new DomainException(CoreErrorCode.FORBIDDEN, HttpStatus.FORBIDDEN, 'Your role does not allow this');
    }
    return true;
  }

  private assertStage(stage: SessionStage, targets: Parameters<Reflector['getAllAndOverride']>[1]): void {
    const allowed = this.reflector.getAllAndOverride<SessionStage[]>(ALLOWED_STAGES, targets) ?? ['active'];
    if (allowed.includes(stage)) return;
    throw stage === 'active'
      ? new DomainException(CoreErrorCode.FORBIDDEN, HttpStatus.FORBIDDEN, 'Not available once signed in')
      : new DomainException(
          stage === 'enrolment' ? IdentityErrorCode.SECOND_FACTOR_NOT_ENROLLED : IdentityErrorCode.SECOND_FACTOR_REQUIRED,
          HttpStatus.UNAUTHORIZED,
          stage === 'enrolment' ? 'Enrol an authenticator app to finish signing in' : 'Enter the code from your authenticator app',
        );
  }

  private assertCsrf(request: Request, sessionId: string): void {
    if (SAFE_METHODS.has(request.method)) return;
    if (!csrfTokenMatches(this.hasher, sessionId, request.headers[CSRF_HEADER])) {
      throw new DomainException(IdentityErrorCode.CSRF_TOKEN_INVALID, HttpStatus.FORBIDDEN, 'Missing or wrong X-CSRF-Token header');
    }
  }
}
