import { EntityManager } from 'typeorm';

/** Parameterised SQL inside the current transaction; values always travel as $n parameters, never in the text. */
export async function selectRows<T>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return manager.query(sql, params);
}

export async function selectOne<T>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await selectRows<T>(manager, sql, params))[0];
}

/** For INSERT/UPDATE/DELETE: the RETURNING rows and how many rows were affected. */
export async function execute<T = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<{ rows: T[]; rowCount: number }> {
  if (!manager.queryRunner) throw new Error('execute() needs a transaction: use TransactionRunner.run');
  const result = await manager.queryRunner.query(sql, params, true);
  return { rows: result.records ?? [], rowCount: result.affected ?? 0 };
}
