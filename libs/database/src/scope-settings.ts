import { Actor } from '@app/core';

/** What row-level-security policies read, per transaction (`app.current_user_id()`, `app.has_permission()`, …). */
export interface ScopeSettings {
  userId: string;
  unitId: string;
  roles: string[];
  permissions: string[];
  correlationId: string;
}

export function scopeOf(actor: Actor | undefined, correlationId: string | undefined): ScopeSettings {
  return {
    userId: actor?.kind === 'user' ? actor.userId : '',
    unitId: actor?.unitId ?? '',
    roles: actor?.roles ?? [],
    permissions: actor?.permissions ?? [],
    correlationId: correlationId ?? '',
  };
}

/**
 * The one statement that sets a transaction's scope. `true` makes each setting transaction-local: it
 * vanishes at commit or rollback, so a pooled connection never carries another request's scope.
 */
export const SCOPE_SETTINGS_SQL = `SELECT set_config('app.user_id', $1, true), set_config('app.unit_id', $2, true),
  set_config('app.roles', $3, true), set_config('app.permissions', $4, true), set_config('app.correlation_id', $5, true)`;

export const scopeSettingsParams = (scope: ScopeSettings): string[] => [
  scope.userId,
  scope.unitId,
  scope.roles.join(','),
  scope.permissions.join(','),
  scope.correlationId,
];
