import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { lastWitnessedChainIndex } from '@app/audit';
import { AppConfig, Clock } from '@app/core';
import { reportRedisErrors, requestPathConnectionOptions, WorkerHeartbeatRepository } from '@app/queue';

const CHECK_TIMEOUT_MS = 1500;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
  ]);
}

@Injectable()
export class PostgresIndicator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check() {
    const indicator = this.indicators.check('postgres');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 'PostgreSQL');
      return indicator.up();
    } catch {
      return indicator.down({ message: 'PostgreSQL is not reachable' });
    }
  }
}

/**
 * Redis reachability and the settings that keep queue state safe: AOF on, noeviction. A wrong
 * setting is a warning, and a failure only where the configuration requires persistence (production).
 */
@Injectable()
export class RedisIndicator implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly config: AppConfig,
  ) {
    this.redis = new Redis({ ...requestPathConnectionOptions(config.redisUrl), lazyConnect: false });
    // Reported through the check, and to the log once per outage (never as ioredis's raw stacks).
    reportRedisErrors('api:readiness', new Logger('Redis'), this.redis);
  }

  async check() {
    const indicator = this.indicators.check('redis');
    try {
      await withTimeout(this.redis.ping(), 'Redis');
    } catch {
      return indicator.down({ message: 'Redis is not reachable' });
    }
    const warnings = await this.persistenceWarnings();
    if (warnings.length > 0 && this.config.redisRequirePersistence) return indicator.down({ message: warnings.join('; ') });
    return indicator.up(warnings.length > 0 ? { warnings } : {});
  }

  private async persistenceWarnings(): Promise<string[]> {
    try {
      const [, appendonly] = (await withTimeout(this.redis.config('GET', 'appendonly'), 'Redis')) as string[];
      const [, policy] = (await withTimeout(this.redis.config('GET', 'maxmemory-policy'), 'Redis')) as string[];
      return [
        ...(appendonly === 'yes' ? [] : ['Redis AOF persistence is off']),
        ...(policy === 'noeviction' ? [] : [`Redis maxmemory-policy is ${policy}, noeviction is required`]),
      ];
    } catch {
      return ['Redis settings could not be read (CONFIG is disabled)'];
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}

/** A worker counts as alive when one has beaten within the configured staleness window. */
@Injectable()
export class WorkerHeartbeatIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly heartbeats: WorkerHeartbeatRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async check() {
    const indicator = this.indicators.check('worker');
    try {
      const latest = await withTimeout(this.heartbeats.latestBeat(), 'PostgreSQL');
      if (!latest) return indicator.down({ message: 'No worker has reported yet' });
      const ageSeconds = Math.round((this.clock.now().getTime() - latest.getTime()) / 1000);
      const details = { lastBeatAt: latest.toISOString(), ageSeconds };
      return ageSeconds <= this.config.workerHeartbeatStaleSeconds
        ? indicator.up(details)
        : indicator.down({ ...details, message: 'Worker heartbeat is stale' });
    } catch {
      return indicator.down({ message: 'Worker heartbeat could not be read' });
    }
  }
}

/**
 * The audit pipeline: events waiting longer than AUDIT_SEAL_ALERT_SECONDS mean the sealer is down or
 * stalled (any transaction in the cluster that holds an xid holds sealing back, even in another database).
 */
@Injectable()
export class AuditSealerIndicator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async check() {
    const indicator = this.indicators.check('auditSealer');
    try {
      const [row] = await withTimeout(this.dataSource.query('SELECT app.audit_seal_lag($1) AS lag', [this.clock.now()]), 'PostgreSQL');
      const lagSeconds = Math.max(0, Math.round(Number(row.lag)));
      if (lagSeconds > this.config.auditSealAlertSeconds) {
        return indicator.down({ oldestUnsealedSeconds: lagSeconds, message: 'Audit events are not being sealed' });
      }
      const witness = await this.witnessProblem();
      return witness ? indicator.down({ oldestUnsealedSeconds: lagSeconds, message: witness }) : indicator.up({ oldestUnsealedSeconds: lagSeconds });
    } catch {
      return indicator.down({ message: 'Audit sealing lag could not be read' });
    }
  }

  /**
   * Sealed batches whose checkpoint has not reached the witness file within the alert window: that
   * stretch of the trail could be cut off without the verifier noticing. (Not checked where the api
   * has no witness file to read.)
   */
  private async witnessProblem(): Promise<string | undefined> {
    const file = this.config.auditCheckpointFile;
    if (!file) return undefined;
    let last: number | undefined;
    try {
      last = lastWitnessedChainIndex(file);
    } catch {
      return 'The audit witness file cannot be read';
    }
    const [oldest] = await withTimeout(
      this.dataSource.query('SELECT created_at FROM audit_checkpoint WHERE chain_index > $1 ORDER BY chain_index LIMIT 1', [last ?? 0]),
      'PostgreSQL',
    );
    if (!oldest) return undefined;
    if (last === undefined) return 'The audit witness file is missing while checkpoints exist';
    const waitedSeconds = (this.clock.now().getTime() - new Date(oldest.created_at).getTime()) / 1000;
    return waitedSeconds > this.config.auditSealAlertSeconds ? 'Audit checkpoints are not reaching the witness file' : undefined;
  }
}
