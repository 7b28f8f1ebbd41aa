import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { RequestContext } from '@app/core';
import { SCOPE_SETTINGS_SQL, scopeOf, scopeSettingsParams } from './scope-settings';
import { selectRows, SqlConnection, SqlTransaction } from './sql';

export type ProcessName = 'api' | 'worker' | 'cli';

/** A pooled connection as node-postgres's pool hands it out. */
interface PooledConnection extends SqlConnection {
  release(destroy?: Error | boolean): void;
}

interface ConnectionPool {
  connect(): Promise<PooledConnection>;
}

const CURRENT_TRANSACTION = 'database:transaction';

/**
 * The one way to open a transaction. Its first statement copies the request's scope into
 * transaction-local settings that row-level-security policies read; `true` in set_config makes them
 * vanish at commit or rollback, so a pooled connection never carries another request's scope.
 * It drives node-postgres's pool (the one TypeORM opened) directly: TypeORM's query runner and its
 * transaction events cost a signed-in read more than the statements themselves did.
 */
@Injectable()
export class TransactionRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: RequestContext,
    private readonly cls: ClsService,
  ) {}

  /** Joins the transaction already open in this call chain, or opens one. */
  run<T>(work: (transaction: SqlTransaction) => Promise<T>): Promise<T> {
    const current = this.current();
    return current ? work(current) : this.inNewTransaction(work);
  }

  /**
   * A transaction of its own even inside another: for records that must outlive the failing request
   * around them (a failed sign-in, a lockout, a denied access).
   */
  runSeparately<T>(work: (transaction: SqlTransaction) => Promise<T>): Promise<T> {
    return this.inNewTransaction(work);
  }

  /**
   * One statement on a pooled connection, outside any transaction and so without a scope: only for
   * the narrow SECURITY DEFINER functions that run before anyone is known (resuming a session).
   */
  async selectUnscoped<T>(sql: string, params: unknown[]): Promise<T[]> {
    const connection = await this.pool().connect();
    try {
      return await selectRows<T>(new SqlTransaction(connection), sql, params);
    } finally {
      connection.release();
    }
  }

  /** The current transaction; throws outside one so no query escapes the scope settings. */
  get manager(): SqlTransaction {
    const current = this.current();
    if (!current) throw new Error('No transaction: wrap the use case in TransactionRunner.run');
    return current;
  }

  private current(): SqlTransaction | undefined {
    return this.cls.isActive() ? this.cls.get<SqlTransaction | undefined>(CURRENT_TRANSACTION) : undefined;
  }

  private async inNewTransaction<T>(work: (transaction: SqlTransaction) => Promise<T>): Promise<T> {
    const connection = await this.pool().connect();
    const transaction = new SqlTransaction(connection);
    let broken: Error | undefined;
    try {
      await connection.query({ text: 'BEGIN' });
      await selectRows(transaction, SCOPE_SETTINGS_SQL, scopeSettingsParams(scopeOf(this.context.actor, this.context.correlationId)));
      // A child context: the transaction is current for `work` and what it awaits, never outside it.
      const result = await this.cls.run({ ifNested: 'inherit' }, () => {
        this.cls.set(CURRENT_TRANSACTION, transaction);
        return work(transaction);
      });
      await connection.query({ text: 'COMMIT' });
      return result;
    } catch (error) {
      // A connection that cannot even roll back is broken: the pool must not hand it out again.
      await connection.query({ text: 'ROLLBACK' }).catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      connection.release(broken);
    }
  }

  private pool(): ConnectionPool {
    return (this.dataSource.driver as unknown as { master: ConnectionPool }).master;
  }
}
