import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ApiErrors, defineErrorCodes, DomainException, ErrorBodySchema, Public } from '@app/core';
import { HealthCheckView, LiveView } from './health.views';
import { AuditSealerIndicator, PostgresIndicator, RedisIndicator, WorkerHeartbeatIndicator } from './readiness.indicators';

export const ApiErrorCode = defineErrorCodes('api', { NOT_READY: HttpStatus.SERVICE_UNAVAILABLE });

/** A failed check answers 503 in the one error shape, keeping terminus's per-check details. */
async function withStableCode<T>(check: Promise<T>): Promise<T> {
  try {
    return await check;
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    throw new DomainException(
      ApiErrorCode.NOT_READY,
      HttpStatus.SERVICE_UNAVAILABLE,
      'A dependency is not ready',
      error.getResponse() as Record<string, unknown>,
    );
  }
}

/** Terminus's own documentation would describe the 503 as its raw result; ours is the error body with the results in it. */
const HEALTH_CHECK = HealthCheck({ noCache: true, swaggerDocumentation: false });
const NOT_READY_BODY = ApiServiceUnavailableResponse({
  schema: { allOf: [{ $ref: getSchemaPath(ErrorBodySchema) }, { $ref: getSchemaPath(HealthCheckView) }] },
});

/**
 * live: the process answers (restart it if not). serving: the process and PostgreSQL, what load
 * balancers route on, so a Redis or worker outage never takes case work offline. ready: the
 * operator's view of PostgreSQL, Redis, the worker heartbeat and the audit sealer (events left
 * unsealed for AUDIT_SEAL_ALERT_SECONDS, 2 minutes by default, mean the audit pipeline is failing: alert on it).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: PostgresIndicator,
    private readonly redis: RedisIndicator,
    private readonly worker: WorkerHeartbeatIndicator,
    private readonly auditSealer: AuditSealerIndicator,
  ) {}

  @Get('live')
  @Public()
  @ApiOkResponse({ type: LiveView })
  live(): LiveView {
    return { status: 'ok' };
  }

  @Get('serving')
  @Public()
  @HEALTH_CHECK
  @ApiOkResponse({ type: HealthCheckView, description: 'PostgreSQL answers: route traffic here' })
  @NOT_READY_BODY
  @ApiErrors(ApiErrorCode.NOT_READY)
  serving() {
    return withStableCode(this.health.check([() => this.postgres.check()]));
  }

  @Get('ready')
  @Public()
  @HEALTH_CHECK
  @ApiOkResponse({ type: HealthCheckView, description: 'PostgreSQL, Redis, the worker heartbeat and the audit sealer are all up' })
  @NOT_READY_BODY
  @ApiErrors(ApiErrorCode.NOT_READY)
  ready() {
    return withStableCode(
      this.health.check([() => this.postgres.check(), () => this.redis.check(), () => this.worker.check(), () => this.auditSealer.check()]),
    );
  }
}
