import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { AppConfig } from '@app/core';
import { requestPathConnectionOptions } from '@app/queue';

interface ThrottlerRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * Rate-limit counters in Redis, shared by every api process (a per-process counter would multiply the
 * limit by the number of replicas). When Redis is away the limit is not enforced rather than blocking
 * sign-in: the per-account lockout, kept in PostgreSQL, still holds.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly redis: Redis;

  constructor(config: AppConfig) {
    this.redis = new Redis({ ...requestPathConnectionOptions(config.redisUrl), keyPrefix: 'throttle:' });
    this.redis.on('error', () => undefined);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerRecord> {
    const hitsKey = `${throttlerName}:${key}`;
    const blockKey = `${hitsKey}:blocked`;
    try {
      const [[, totalHits], [, hitsTtl], [, blockTtl]] = (await this.redis.multi().incr(hitsKey).pttl(hitsKey).pttl(blockKey).exec()) as [
        [null, number],
        [null, number],
        [null, number],
      ];
      if (hitsTtl < 0) await this.redis.pexpire(hitsKey, ttl);
      let timeToBlockExpire = Math.max(blockTtl, 0);
      if (timeToBlockExpire === 0 && totalHits > limit) {
        await this.redis.set(blockKey, '1', 'PX', blockDuration);
        timeToBlockExpire = blockDuration;
      }
      const toSeconds = (ms: number) => Math.ceil(ms / 1000);
      return {
        totalHits,
        timeToExpire: toSeconds(hitsTtl < 0 ? ttl : hitsTtl),
        isBlocked: timeToBlockExpire > 0,
        timeToBlockExpire: toSeconds(timeToBlockExpire),
      };
    } catch {
      this.logger.warn({ msg: 'rate limit not enforced: Redis unavailable' });
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
