import { createHash } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@app/core';
import { execute, selectOne, SqlExecutor } from './sql';
import { DatabaseErrorCode } from './database.exception';

/** Canonical JSON (keys sorted at every depth): the same body always hashes the same. */
function canonical(value: unknown): string {
  // A Date has no own keys: without this, bodies differing only in a date (an expiry) hashed alike.
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export const requestHashOf = (body: unknown): string => createHash('sha256').update(canonical(body)).digest('base64url');

export interface IdempotentCreate {
  /** The client's Idempotency-Key, or undefined when it sent none (then every call creates). */
  key: string | undefined;
  /** e.g. `case.create`: one key cannot replay another operation's result. */
  operation: string;
  userId: string;
  body: unknown;
  at: Date;
  /** Creates the record and answers its id (inside the same transaction). */
  create: () => Promise<string>;
}

/**
 * A create that a retry after a dropped connection does not repeat. The key is claimed in the use
 * case's own transaction: a concurrent retry waits on the row until the first commits (or rolls back,
 * freeing the key), and then reads the id it created. The store keeps the id and a hash of the body,
 * never the response; the caller re-reads the record, so a replay answers what the caller may see now.
 * The same key with another body is a 422.
 */
export async function createOnce(executor: SqlExecutor, request: IdempotentCreate): Promise<{ id: string; replayed: boolean }> {
  if (request.key === undefined) return { id: await request.create(), replayed: false };
  const hash = requestHashOf(request.body);
  const claimed = await execute(
    executor,
    `INSERT INTO idempotency_record (user_id, key, operation, request_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [request.userId, request.key, request.operation, hash, request.at],
  );
  if (claimed.rowCount === 1) {
    const id = await request.create();
    await execute(executor, `UPDATE idempotency_record SET resource_id = $3 WHERE user_id = $1 AND key = $2`, [request.userId, request.key, id]);
    return { id, replayed: false };
  }
  const first = await selectOne<{ operation: string; request_hash: string; resource_id: string | null }>(
    executor,
    `SELECT operation, request_hash, resource_id FROM idempotency_record WHERE user_id = $1 AND key = $2`,
    [request.userId, request.key],
  );
  if (!first || first.operation !== request.operation || first.request_hash !== hash || !first.resource_id) {
    throw new DomainException(DatabaseErrorCode.IDEMPOTENCY_KEY_REUSED, HttpStatus.UNPROCESSABLE_ENTITY, 'This Idempotency-Key was used for another request', {
      fields: [{ field: 'Idempotency-Key', code: DatabaseErrorCode.IDEMPOTENCY_KEY_REUSED, message: 'Use a new key for a new request' }],
    });
  }
  return { id: first.resource_id, replayed: true };
}
