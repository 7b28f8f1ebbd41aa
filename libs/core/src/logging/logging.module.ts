import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config';
import { currentCorrelationId } from '../context/request-context';

/** Header and body paths that must never reach a log line, even if a serializer is widened later. */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.totp',
  '*.code',
];

function withRoute(request: LoggedRequest, line: object): object {
  return { ...line, route: request.routePattern ?? '(unmatched)' };
}

const QUIET_PATHS = new Set(['/health/live', '/health/serving', '/metrics']);

/** Nest's bootstrap chatter (a line per module and per route at every boot): debug, not info. */
const BOOTSTRAP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

function isBootstrapChatter(firstArgument: unknown): boolean {
  const context = (firstArgument as { context?: unknown } | null)?.context;
  return typeof context === 'string' && BOOTSTRAP_CONTEXTS.has(context);
}

export function pinoOptions(config: AppConfig, service: string): pino.LoggerOptions {
  return {
    level: config.logLevel,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    hooks: {
      logMethod(args, write, level) {
        if (level === pino.levels.values.info && isBootstrapChatter(args[0])) return this.debug(...(args as [object, string]));
        return write.apply(this, args);
      },
    },
  };
}

type LoggedRequest = IncomingMessage & { route?: { path?: string }; baseUrl?: string; routePattern?: string };

/**
 * JSON logs with the correlation id on every line. Requests are logged by route pattern and status:
 * never the query string, body, cookies or headers.
 */
@Module({})
export class LoggingModule {
  /** `destination` lets tests capture the lines; production writes to stdout. */
  static forService(service: string, destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: [
              {
                ...pinoOptions(config, service),
                genReqId: (request: IncomingMessage) => String(request.id),
                quietReqLogger: true,

                autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.has((request.url ?? '').split('?')[0]) },
                customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
                  error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
                // The route is known only once the handler ran, so it joins the completion line here.
                customSuccessObject: (request: LoggedRequest, _response: ServerResponse, line: object) => withRoute(request, line),
                customErrorObject: (request: LoggedRequest, _response: ServerResponse, _error: Error, line: object) => withRoute(request, line),
                serializers: {
                  req: (request: { method?: string }) => ({ method: request.method }),
                  res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
                  err: () => undefined,
                },
              },
              // Buffered (sonic-boom flushes it on exit): a synchronous write per request line costs a syscall each.
              destination ?? pino.destination({ dest: 1, sync: false }),
            ],
          }),
        }),
      ],
    };
  }
}
