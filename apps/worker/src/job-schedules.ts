import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue, RedisQueueBackend } from 'bullmq';
import { AppConfig } from '@app/core';
import { DEFAULT_JOB_OPTIONS, QueueName, SystemJob } from '@app/queue';

/**
 * Recurring jobs, upserted at boot and again whenever the Redis connection becomes ready, so a Redis
 * that lost its data gets its schedules back without a worker restart. Upserting is idempotent:
 * several workers doing it at once leave one scheduler per id.
 */
@Injectable()
export class JobSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobSchedules.name);

  constructor(
    @InjectQueue(QueueName.System) private readonly systemQueue: Queue<unknown, unknown, string, unknown, unknown, string, RedisQueueBackend>,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const client = await this.systemQueue.getBackend().client;
    client.on('ready', () => void this.upsertAll().catch((error: Error) => this.logger.warn({ msg: 'schedule upsert failed', reason: error.message })));
    await this.upsertAll();
  }

  async upsertAll(): Promise<void> {
    await this.systemQueue.upsertJobScheduler(
      'worker-heartbeat',
      { every: this.config.workerHeartbeatIntervalSeconds * 1000 },
      { name: SystemJob.WorkerHeartbeat, data: {}, opts: { ...DEFAULT_JOB_OPTIONS, attempts: 1 } },
    );
    await this.systemQueue.upsertJobScheduler(
      'audit-seal',
      { every: this.config.auditSealIntervalSeconds * 1000 },
      { name: SystemJob.AuditSeal, data: {}, opts: { ...DEFAULT_JOB_OPTIONS, attempts: 1 } },
    );
    await this.systemQueue.upsertJobScheduler(
      'consent-lapses',
      { every: this.config.consentLapseScanSeconds * 1000 },
      { name: SystemJob.ConsentLapses, data: {}, opts: { ...DEFAULT_JOB_OPTIONS, attempts: 1 } },
    );
    await this.systemQueue.upsertJobScheduler(
      'referral-deadlines',
      { every: this.config.referralDeadlineScanSeconds * 1000 },
      { name: SystemJob.ReferralDeadlines, data: {}, opts: { ...DEFAULT_JOB_OPTIONS, attempts: 1 } },
    );
    // Beat once now rather than after the first interval, so readiness turns green promptly.
    await this.systemQueue.add(SystemJob.WorkerHeartbeat, {}, { attempts: 1, removeOnComplete: true, removeOnFail: true });
    this.logger.log({ msg: 'job schedules upserted' });
  }
}
