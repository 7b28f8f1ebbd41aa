import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig, CoreModule } from '@app/core';
import { AuditWriterModule } from '@app/audit';
import { ConsentLedgerEventsModule } from '@app/consent';
import { ReferralsCoreModule } from '@app/referrals';
import { DatabaseModule } from '@app/database';
import { BullErrorLogging, OutboxModule, QueueName, WorkerHeartbeatRepository, bullWorkerConnection } from '@app/queue';
import { JobSchedules } from './job-schedules';
import { SystemActorSource } from './system-actor';
import { SystemProcessor } from './system.processor';

/** The worker: BullMQ processors and schedules, no HTTP server. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, 'worker'),
        DatabaseModule.forProcess('worker'),
        BullModule.forRoot({ connection: bullWorkerConnection(config.redisUrl) }),
        BullModule.registerQueue({ name: QueueName.System }),
        DiscoveryModule, // BullErrorLogging finds every queue and worker
        AuditWriterModule,
        ConsentLedgerEventsModule,
        OutboxModule,
        ReferralsCoreModule,
      ],
      providers: [WorkerHeartbeatRepository, SystemActorSource, SystemProcessor, JobSchedules, BullErrorLogging],
    };
  }
}
