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
 * One hit, in one script so that api processes cannot interleave between the count, its expiry and
 * the block (a crash between INCR and PEXPIRE used to leave a counter that never expired).
 * KEYS: hits, block. ARGV: ttl ms, limit, block ms. Returns hits, ms left in the window, ms left blocked.
 * A new block is marked 'unreported' so that exactly one refusal per block is audited.
 */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local window = redis.call('PTTL', KEYS[1])
if window < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  window = tonumber(ARGV[1])
end
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], 'unreported', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return {hits, window, math.max(blocked, 0)}`;

/** The first caller for a block gets 1, everyone after it 0. KEYS: block. */
const CLAIM_REPORT_SCRIPT = `
if redis.call('GET', KEYS[1]) == 'unreported' then
  redis.call('SET', KEYS[1], 'reported', 'KEEPTTL')
  return 1
end
return 0`;

type ScriptedRedis = Redis & {
  throttleHit(hitsKey: string, blockKey: string, ttlMs: number, limit: number, blockMs: number): Promise<[number, number, number]>;
  claimBlockReport(blockKey: string): Promise<number>;
};

const toSeconds = (ms: number) => Math.ceil(ms / 1000);

/**
 * Rate-limit counters in Redis, shared by every api process (a per-process counter would multiply the
 * limit by the number of replicas). When Redis is away, refused or frozen (commands time out, see
 * requestPathConnectionOptions), the limit is not enforced rather than blocking sign-in: the
 * per-account lockout, kept in PostgreSQL, still holds.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly redis: ScriptedRedis;

  constructor(config: AppConfig) {
    this.redis = new Redis({ ...requestPathConnectionOptions(config.redisUrl), keyPrefix: 'throttle:' }) as ScriptedRedis;
    this.redis.defineCommand('throttleHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    this.redis.defineCommand('claimBlockReport', { numberOfKeys: 1, lua: CLAIM_REPORT_SCRIPT });
    this.redis.on('error', () => undefined);
  }

  /** `key` is the throttler's hash of route, throttler name and client address. */
  async increment(key: string, ttl: number, limit: number, blockDuration: number, _throttlerName: string): Promise<ThrottlerRecord> {
    try {
      const [totalHits, windowMs, blockedMs] = await this.redis.throttleHit(`${key}:hits`, `${key}:block`, ttl, limit, blockDuration);
      return { totalHits, timeToExpire: toSeconds(windowMs), isBlocked: blockedMs > 0, timeToBlockExpire: toSeconds(blockedMs) };
    } catch {
      this.logger.warn({ msg: 'rate limit not enforced: Redis unavailable' });
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  /** True for the first refusal of a block only, so a burst of guessing leaves one trace, not thousands. */
  async claimBlockReport(key: string): Promise<boolean> {
    try {
      return (await this.redis.claimBlockReport(`${key}:block`)) === 1;
    } catch {
      return false;
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
