import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { describeErrorForLog } from '../logging/safe-error';
import { rememberRoutePattern, routePattern } from '../logging/route-pattern';
import { mapErrorToResponse } from './http-error-mapping';

/** The single place thrown errors become HTTP answers. Unknown errors are masked: id in the body, stack in the log. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(http.getRequest<Request>(), http.getResponse<Response>(), error, this.logger);
  }
}

export function sendError(request: Request, response: Response, error: unknown, logger: Logger): void {
  rememberRoutePattern(request);
  const mapped = mapErrorToResponse(error);
  if (mapped.unexpected) {
    logger.error({
      msg: 'unexpected error',
      errorId: mapped.unexpected.errorId,
      route: routePattern(request),
      method: request.method,
      error: describeErrorForLog(mapped.unexpected.error),
    });
  }
  if (mapped.unavailable) {
    logger.warn({
      msg: 'backing service unavailable',
      route: routePattern(request),
      method: request.method,
      error: describeErrorForLog(mapped.unavailable.error),
    });
  }
  if (response.headersSent) return;
  for (const [name, value] of Object.entries(mapped.headers ?? {})) response.setHeader(name, value);
  response.status(mapped.status).json(mapped.body);
}
