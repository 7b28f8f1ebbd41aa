/** Every queue and job the system knows. Job payloads carry ids only: processors reload and re-check. */
export enum QueueName {
  System = 'system',
}

export enum SystemJob {
  WorkerHeartbeat = 'worker.heartbeat',
  AuditSeal = 'audit.seal',
  ConsentLapses = 'consent.lapses',
  ReferralDeadlines = 'referral.deadlines',
}

export interface JobPayloads {
  [SystemJob.WorkerHeartbeat]: Record<string, never>;
  [SystemJob.AuditSeal]: Record<string, never>;
  [SystemJob.ConsentLapses]: Record<string, never>;
  [SystemJob.ReferralDeadlines]: Record<string, never>;
}

/** Retry policy, in one place: bounded attempts, exponential backoff, failed jobs kept as the dead-letter set. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 10000 },
} as const;
