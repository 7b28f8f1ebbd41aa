import type { ConnectionOptions } from 'bullmq';
import { RedisOptions } from 'ioredis';

/** ioredis options from a redis:// URL; BullMQ wants options, not a URL, to apply its own defaults. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/** Workers block on Redis and must wait out outages instead of failing commands. */
export const workerConnectionOptions = (url: string): RedisOptions => ({ ...redisOptionsFromUrl(url), maxRetriesPerRequest: null });

/**
 * How long a request waits for one Redis command. A refused connection fails at once (no offline
 * queue), but a frozen or unreachable Redis accepts the bytes and never answers: without this bound
 * every sign-in waited out the whole outage. Redis answers in well under a millisecond when healthy.
 */
export const REQUEST_PATH_COMMAND_TIMEOUT_MS = 500;

/** Request paths fail fast when Redis is away, so case work never waits on it. */
export const requestPathConnectionOptions = (url: string): RedisOptions => ({
  ...redisOptionsFromUrl(url),
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  commandTimeout: REQUEST_PATH_COMMAND_TIMEOUT_MS,
});

/** The worker's connection, typed for BullMQ 6 (its option type is its own, not ioredis's). */
export const bullWorkerConnection = (url: string): ConnectionOptions => workerConnectionOptions(url) as ConnectionOptions;
