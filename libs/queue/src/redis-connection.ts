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

/** What the reporter logs through: Nest's Logger (JSON through pino in the apps). */
export interface OutageLogger {
  warn(line: object): void;
  log(line: object): void;
}

/** Something that emits 'error', and 'ready' once connected again: an ioredis client, a BullMQ queue backend. */
export interface RedisEventSource {
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

function isConnectionError(error: Error): boolean {
  const code = (error as { code?: string }).code;
  return (code !== undefined && CONNECTION_ERROR_CODES.has(code)) || /Connection is closed|ECONNREFUSED/.test(error.message);
}

/**
 * Says a Redis outage once per connection, again each `repeatMs` while it lasts, and its end: ioredis
 * retries every 50 ms to 2 s and emits an error each time. Other errors are said once per `repeatMs`
 * per kind. Only codes and messages are logged; Redis errors carry no case content.
 */
export class RedisOutageReporter {
  private downSince?: number;
  private lastSaidAt = 0;
  private failedAttempts = 0;
  private readonly otherErrorsSaidAt = new Map<string, number>();

  constructor(
    private readonly connection: string,
    private readonly logger: OutageLogger,
    private readonly now: () => number = Date.now,
    private readonly repeatMs = 60_000,
  ) {}

  error(error: Error): void {
    if (isConnectionError(error)) this.connectionFailed(error);
    else this.otherError(error);
  }

  ready(): void {
    if (this.downSince === undefined) return;
    const downForSeconds = Math.round((this.now() - this.downSince) / 1000);
    this.logger.log({ msg: 'Redis connection restored', connection: this.connection, downForSeconds, failedAttempts: this.failedAttempts });
    this.downSince = undefined;
    this.failedAttempts = 0;
  }

  private connectionFailed(error: Error): void {
    const at = this.now();
    this.failedAttempts += 1;
    const code = (error as { code?: string }).code;
    if (this.downSince === undefined) {
      this.downSince = this.lastSaidAt = at;
      this.logger.warn({ msg: 'Redis connection lost', connection: this.connection, code, reason: error.message });
    } else if (at - this.lastSaidAt >= this.repeatMs) {
      this.lastSaidAt = at;
      const downForSeconds = Math.round((at - this.downSince) / 1000);
      this.logger.warn({ msg: 'Redis still unreachable', connection: this.connection, code, downForSeconds, failedAttempts: this.failedAttempts });
    }
  }

  private otherError(error: Error): void {
    const kind = `${error.name}:${error.message}`;
    const at = this.now();
    if (at - (this.otherErrorsSaidAt.get(kind) ?? -Infinity) < this.repeatMs) return;
    this.otherErrorsSaidAt.set(kind, at);
    this.logger.warn({ msg: 'Redis error', connection: this.connection, type: error.name, reason: error.message });
  }
}

/**
 * Gives a connection the 'error' listener it needs (without one, ioredis and BullMQ print raw stacks to
 * stderr), reporting through the JSON logger. `ready` is where reconnection shows, when not `errors` itself.
 */
export function reportRedisErrors(connection: string, logger: OutageLogger, errors: RedisEventSource, ready: RedisEventSource = errors): RedisOutageReporter {
  const reporter = new RedisOutageReporter(connection, logger);
  errors.on('error', (error) => reporter.error(error));
  ready.on('ready', () => reporter.ready());
  return reporter;
}
