import { ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { AuditTrail } from '@app/audit';
import { CoreErrorCode, RetryLaterException, routePattern } from '@app/core';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/**
 * The throttler on the sign-in steps, with what the stock guard lacks: a standard Retry-After on the
 * 429, and an audit event for the first refusal of each block (per client address and route), so a
 * burst of guessing leaves a trace without writing one row per guess. The event commits on its own:
 * the refused request has nothing to roll back with it.
 */
@Injectable()
export class SignInThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    private readonly limits: RedisThrottlerStorage,
    reflector: Reflector,
    private readonly audit: AuditTrail,
  ) {
    super(options, limits, reflector);
  }

  protected override async throwThrottlingException(context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    if (await this.limits.claimBlockReport(limit.key)) {
      const request = context.switchToHttp().getRequest<Request>();
      await this.audit.recordSeparately({
        action: 'sign_in.throttled',
        outcome: 'denied',
        detail: { route: routePattern(request), limitPerWindow: limit.limit, blockedForSeconds: limit.timeToBlockExpire },
      });
    }
    throw new RetryLaterException(CoreErrorCode.RATE_LIMITED, HttpStatus.TOO_MANY_REQUESTS, 'Too many requests; try again later', limit.timeToBlockExpire);
  }
}
