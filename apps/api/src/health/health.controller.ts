import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '@app/core';
import { PostgresIndicator, RedisIndicator, WorkerHeartbeatIndicator } from './readiness.indicators';

/**
 * live: the process answers (restart it if not). serving: the process and PostgreSQL, what load
 * balancers route on, so a Redis or worker outage never takes case work offline. ready: the
 * operator's view of PostgreSQL, Redis and the worker heartbeat.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: PostgresIndicator,
    private readonly redis: RedisIndicator,
    private readonly worker: WorkerHeartbeatIndicator,
  ) {}

  @Get('live')
  @Public()
  live() {
    return { status: 'ok' };
  }

  @Get('serving')
  @Public()
  @HealthCheck()
  serving() {
    return this.health.check([() => this.postgres.check()]);
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  ready() {
    return this.health.check([() => this.postgres.check(), () => this.redis.check(), () => this.worker.check()]);
  }
}
