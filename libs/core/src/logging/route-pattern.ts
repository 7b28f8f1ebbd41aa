import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';

type RoutedRequest = Pick<Request, 'route' | 'baseUrl'> & { routePattern?: string };

/**
 * The matched route's pattern (`/api/v1/cases/:id`). An unmatched path is not logged: a mistyped URL
 * can hold anything a user pasted into it.
 */
export function routePattern(request: RoutedRequest): string {
  if (request.routePattern) return request.routePattern;
  const matched = request.route?.path;
  return typeof matched === 'string' ? `${request.baseUrl ?? ''}${matched}` : '(unmatched)';
}

/**
 * Express moves req.route on by the time the response has finished, so the pattern is noted while
 * the handler's route is current (here, and in the exception filter for requests refused earlier).
 */
export function rememberRoutePattern(request: RoutedRequest): void {
  request.routePattern ??= routePattern(request);
}

@Injectable()
export class RoutePatternInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') rememberRoutePattern(context.switchToHttp().getRequest());
    return next.handle();
  }
}
