import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { RequestContext } from '@app/core';
import { EntityManager } from 'typeorm';
import { SCOPE_SETTINGS_SQL, scopeOf, scopeSettingsParams } from './scope-settings';

export type ProcessName = 'api' | 'worker' | 'cli';

/**
 * The one way to open a transaction. Its first statement copies the request's scope into
 * transaction-local settings that row-level-security policies read; `true` in set_config makes them
 * vanish at commit or rollback, so a pooled connection never carries another request's scope.
 */
@Injectable()
export class TransactionRunner {
  constructor(
    private readonly host: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly context: RequestContext,
  ) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.host.isTransactionActive()) return work(this.host.tx);
    return this.host.withTransaction(async () => {
      await this.applyScope(this.host.tx);
      return work(this.host.tx);
    });
  }

  /**
   * A transaction of its own even inside another: for records that must outlive the failing request
   * around them (a failed sign-in, a lockout, a denied access).
   */
  runSeparately<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.host.withTransaction(Propagation.RequiresNew, async () => {
      await this.applyScope(this.host.tx);
      return work(this.host.tx);
    });
  }

  /** The current transaction's manager; throws outside one so no query escapes the scope settings. */
  get manager(): EntityManager {
    if (!this.host.isTransactionActive()) throw new Error('No transaction: wrap the use case in TransactionRunner.run');
    return this.host.tx;
  }

  private async applyScope(manager: EntityManager): Promise<void> {
    await manager.query(SCOPE_SETTINGS_SQL, scopeSettingsParams(scopeOf(this.context.actor, this.context.correlationId)));
  }
}
