import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { sealAllPending } from '@app/audit';
import { ConsentLapses } from '@app/consent';
import { DeadlineWatch } from '@app/referrals';
import { AppConfig, Clock, describeErrorForLog, RequestContext } from '@app/core';
import { TransactionRunner } from '@app/database';
import { QueueName, SystemJob, WorkerHeartbeatRepository } from '@app/queue';
import { SystemActorSource } from './system-actor';
import { WORKER_ID, WORKER_STARTED_AT } from './worker-identity';

const FORGET_SILENT_WORKERS_AFTER_MS = 24 * 3600 * 1000;

/**
 * Jobs of the system queue. The handler table is typed by SystemJob, so a job name without exactly
 * one handler does not compile.
 */
@Processor(QueueName.System, { concurrency: 1 })
export class SystemProcessor extends WorkerHost {
  private readonly logger = new Logger(SystemProcessor.name);
  private readonly handlers: Record<SystemJob, (job: Job) => Promise<void>> = {
    [SystemJob.WorkerHeartbeat]: () => this.beat(),
    [SystemJob.AuditSeal]: () => this.sealAuditTrail(),
    [SystemJob.ConsentLapses]: () => this.announceConsentLapses(),
    [SystemJob.ReferralDeadlines]: () => this.watchReferralDeadlines(),
  };

  constructor(
    private readonly heartbeats: WorkerHeartbeatRepository,
    private readonly clock: Clock,
    private readonly context: RequestContext,
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly systemActor: SystemActorSource,
    private readonly consentLapses: ConsentLapses,
    private readonly deadlineWatch: DeadlineWatch,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    const handler = this.handlers[job.name as SystemJob];
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    try {
      await this.context.runDetached(`job:${job.id}`, () => handler(job), this.systemActor.get());
    } catch (error) {
      // BullMQ keeps the failure in its failed set; the operator reads it here, as one JSON line.
      this.logger.error({ msg: 'job failed', job: job.name, jobId: job.id, error: describeErrorForLog(error) });
      throw error;
    }
  }

  /** Chains every event whose transaction has ended; a failure is logged and the job retried. */
  private async sealAuditTrail(): Promise<void> {
    // Through the runner, so each batch runs as the system actor with its scope set like any transaction.
    const sealed = await sealAllPending((work) => this.tx.run(work), Buffer.from(this.config.auditSealKey, 'base64'), {
      now: () => this.clock.now(),
      checkpointFile: this.config.auditCheckpointFile,
      maxBatches: 200,
    });
    if (sealed > 0) this.logger.log({ msg: 'audit events sealed', sealed });
  }

  /** Ends what relied on a consent or legal basis that lapsed since the last scan (the ledger's event, in its transaction). */
  private async announceConsentLapses(): Promise<void> {
    const announced = await this.consentLapses.announceDue();
    if (announced.consents + announced.legalBases > 0) this.logger.log({ msg: 'consent lapses announced', ...announced });
  }

  /** Reminders and overdue marks for pending referrals, from the deadlines stored in PostgreSQL. */
  private async watchReferralDeadlines(): Promise<void> {
    const marked = await this.deadlineWatch.scan();
    if (marked.reminded + marked.overdue > 0) this.logger.log({ msg: 'referral deadlines marked', ...marked });
  }

  private async beat(): Promise<void> {
    const now = this.clock.now();
    await this.heartbeats.beat(WORKER_ID, now, WORKER_STARTED_AT);
    await this.heartbeats.forgetSilentSince(new Date(now.getTime() - FORGET_SILENT_WORKERS_AFTER_MS));
    this.logger.debug({ msg: 'heartbeat', workerId: WORKER_ID });
  }
}
