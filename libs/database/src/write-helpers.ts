import { StaleVersionException, TransitionNotAllowedException } from '@app/core';
import { identifier } from './migration-helpers';
import { execute, selectOne, selectRows, SqlExecutor } from './sql';

export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface PageQuery {
  /** The select list, e.g. `u.id, u.username` (code, never input). */
  select: string;
  /** `app_user u`, with joins. */
  from: string;
  /** A condition over $1…$n of `params`, or omitted for all rows. */
  where?: string;
  params?: unknown[];
  orderBy: string;
}

/**
 * One page of rows and the total, in one statement (`count(*) OVER ()`); a second only when the page
 * lies past the end and so carries no row to read the total from. Row-level security applies to both.
 */
export async function selectPage<T>(executor: SqlExecutor, query: PageQuery, page: PageRequest): Promise<{ items: T[]; total: number }> {
  const params = query.params ?? [];
  const where = query.where ? `WHERE ${query.where}` : '';
  const limit = `$${params.length + 1}`;
  const offset = `$${params.length + 2}`;
  const rows = await selectRows<T & { page_total: number }>(
    executor,
    `SELECT ${query.select}, count(*) OVER ()::int AS page_total FROM ${query.from} ${where} ORDER BY ${query.orderBy} LIMIT ${limit} OFFSET ${offset}`,
    [...params, page.pageSize, (page.page - 1) * page.pageSize],
  );
  const total =
    rows.length > 0 || page.page === 1
      ? (rows[0]?.page_total ?? 0)
      : ((await selectOne<{ total: number }>(executor, `SELECT count(*)::int AS total FROM ${query.from} ${where}`, params))?.total ?? 0);
  return { items: rows.map(({ page_total: _total, ...row }) => row as unknown as T), total };
}

export interface VersionedUpdate {
  table: string;
  id: string;
  /** The version the caller's change was based on. */
  version: number;
  /** column → new value; columns come from code (repositories map fields to them), never from input. */
  set: Record<string, unknown>;
  at: Date;
  returning: string;
}

/**
 * `UPDATE … WHERE id = $1 AND version = $2`, bumping the version: the row, or a 409 STALE_VERSION
 * naming the current version when someone changed it first, or undefined when it is not visible
 * (missing or out of the caller's row-level-security scope: the caller answers 404).
 */
export async function updateVersioned<T>(executor: SqlExecutor, change: VersionedUpdate): Promise<T | undefined> {
  const table = identifier(change.table);
  const columns = Object.keys(change.set).map(identifier);
  const assignments = columns.map((column, index) => `${column} = $${index + 4}`);
  const { rows } = await execute<T>(
    executor,
    `UPDATE ${table} SET ${[...assignments, 'updated_at = $3', 'version = version + 1'].join(', ')}
      WHERE id = $1 AND version = $2 RETURNING ${change.returning}`,
    [change.id, change.version, change.at, ...Object.values(change.set)],
  );
  if (rows[0]) return rows[0];
  const current = await selectOne<{ version: number }>(executor, `SELECT version FROM ${table} WHERE id = $1`, [change.id]);
  if (current) throw new StaleVersionException(current.version);
  return undefined;
}

export interface Transition<S extends string> {
  from: readonly S[];
  to: S;
}

export interface TransitionRequest<A extends string> {
  id: string;
  action: A;
  at: Date;
  actor: { userId: string | null; unitId: string | null };
  /** A reason code (never free text: that lives encrypted on the domain record). */
  reasonCode?: string;
  /** Field names and ids only. */
  detail?: Record<string, unknown>;
  /** Other columns the same UPDATE sets (who accepted, when): code-defined names, values as parameters. */
  set?: Record<string, unknown>;
  /** The version the caller's change was based on: when given, a record changed since is a 409 STALE_VERSION. */
  version?: number;
}

/**
 * A record's lifecycle as one table of actions (`accept: pending → accepted`). Applying an action is a
 * conditional UPDATE (`WHERE status = ANY(from)`) with an affected-row check, so of two racing
 * callers exactly one wins and the other gets 409 TRANSITION_NOT_ALLOWED naming the current state;
 * a version check or `save()` alone would let both through. Each transition writes a history entry
 * in the same transaction (`<table>_history`: record_id, action, from_state, to_state, actor, at,
 * reason_code, detail).
 */
export class StateMachine<S extends string, A extends string> {
  constructor(
    readonly table: string,
    readonly transitions: Readonly<Record<A, Transition<S>>>,
    readonly stateColumn = 'status',
  ) {
    identifier(table);
    identifier(stateColumn);
  }

  /** The state `action` leads to from `state`, or undefined when the table does not allow it. */
  next(state: S, action: A): S | undefined {
    const transition = this.transitions[action];
    return transition && transition.from.includes(state) ? transition.to : undefined;
  }

  /** Every action allowed from `state` (for the UI's buttons). */
  actionsFrom(state: S): A[] {
    return (Object.keys(this.transitions) as A[]).filter((action) => this.transitions[action].from.includes(state));
  }

  /**
   * Applies `action` to the record: `{from, to}` on success; 409 when its state does not allow it (or
   * another caller moved it first); undefined when the record is not visible (the caller answers 404).
   */
  async apply(executor: SqlExecutor, request: TransitionRequest<A>): Promise<{ from: S; to: S } | undefined> {
    const transition = this.transitions[request.action];
    if (!transition) throw new Error(`${this.table} has no action ${request.action}`);
    const extra = Object.entries(request.set ?? {});
    const assignments = extra.map(([column], index) => `${identifier(column)} = $${index + 6}`);
    const { rows } = await execute<{ from_state: S }>(
      executor,
      `WITH previous AS (SELECT id, ${this.stateColumn} AS state FROM ${this.table}
                          WHERE id = $1 AND ${this.stateColumn} = ANY($2::text[]) AND ($5::int IS NULL OR version = $5) FOR UPDATE)
       UPDATE ${this.table} t SET ${[`${this.stateColumn} = $3`, 'updated_at = $4', 'version = t.version + 1', ...assignments].join(', ')}
         FROM previous WHERE t.id = previous.id RETURNING previous.state AS from_state`,
      [request.id, transition.from, transition.to, request.at, request.version ?? null, ...extra.map(([, value]) => value)],
    );
    if (rows.length === 0) return this.refusal(executor, request, transition);
    const from = rows[0].from_state;
    await execute(
      executor,
      `INSERT INTO ${this.table}_history (record_id, action, from_state, to_state, actor_user_id, actor_unit_id, at, reason_code, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        request.id,
        request.action,
        from,
        transition.to,
        request.actor.userId,
        request.actor.unitId,
        request.at,
        request.reasonCode ?? null,
        request.detail ?? {},
      ],
    );
    return { from, to: transition.to };
  }

  /** Why nothing moved: the record is out of sight (undefined), its state does not allow the action, or it changed since the caller's version. */
  private async refusal(executor: SqlExecutor, request: TransitionRequest<A>, transition: Transition<S>): Promise<undefined> {
    const current = await selectOne<{ state: S; version: number }>(executor, `SELECT ${this.stateColumn} AS state, version FROM ${this.table} WHERE id = $1`, [
      request.id,
    ]);
    if (!current) return undefined;
    if (!transition.from.includes(current.state)) throw new TransitionNotAllowedException(request.action, current.state);
    if (request.version !== undefined && current.version !== request.version) throw new StaleVersionException(current.version);
    throw new TransitionNotAllowedException(request.action, current.state);
  }
}
