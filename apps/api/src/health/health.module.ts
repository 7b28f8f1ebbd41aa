import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { WorkerHeartbeatRepository } from '@app/queue';
import { HealthController } from './health.controller';
import { AuditSealerIndicator, PostgresIndicator, RedisIndicator, WorkerHeartbeatIndicator } from './readiness.indicators';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 })],
  controllers: [HealthController],
  providers: [PostgresIndicator, RedisIndicator, WorkerHeartbeatIndicator, AuditSealerIndicator, WorkerHeartbeatRepository],
})
export class HealthModule {}
