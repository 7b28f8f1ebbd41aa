import type { Request } from 'express';

/**
 * The matched route's pattern (`/api/v1/cases/:id`). An unmatched path is not logged: a mistyped URL
 * can hold anything a user pasted into it.
 */
export function routePattern(request: Pick<Request, 'route' | 'baseUrl'>): string {
  const matched = request.route?.path;
  return typeof matched === 'string' ? `${request.baseUrl ?? ''}${matched}` : '(unmatched)';
}
