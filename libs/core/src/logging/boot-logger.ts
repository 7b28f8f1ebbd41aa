import { LoggerService } from '@nestjs/common';
import pino from 'pino';
import { AppConfig } from '../config/app-config';
import { pinoOptions } from './logging.module';

const LEVELS = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;

/**
 * Nest's logger until the app's own (nestjs-pino) takes over: what Nest and TypeORM say while the app
 * boots — a database that cannot be reached, a failed module — leaves as JSON lines too, not as
 * Nest's coloured multi-line console output. Stacks stay one field of one line.
 */
export function bootLogger(config: AppConfig, service: string): LoggerService {
  const logger = pino(pinoOptions(config, service), pino.destination({ dest: 1, sync: true }));
  const write =
    (level: (typeof LEVELS)[keyof typeof LEVELS]) =>
    (message: unknown, ...params: unknown[]) => {
      const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
      const stack = params.find((param): param is string => typeof param === 'string' && param.includes('\n    at '));
      logger[level]({ context, ...(stack ? { stack } : {}) }, typeof message === 'string' ? message : JSON.stringify(message));
    };
  return {
    log: write(LEVELS.log),
    error: write(LEVELS.error),
    warn: write(LEVELS.warn),
    debug: write(LEVELS.debug),
    verbose: write(LEVELS.verbose),
    fatal: write(LEVELS.fatal),
  };
}
