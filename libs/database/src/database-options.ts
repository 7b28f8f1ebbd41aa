import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '@app/core';
import { MIGRATIONS } from './migrations';

export interface ConnectionSettings {
  url: string;
  poolSize?: number;
  applicationName: string;
  /** Server-side limits for every session of the pool; unset means none (migrations, the cli). */
  statementTimeoutSeconds?: number;
  idleInTransactionTimeoutSeconds?: number;
}

/** The one definition of how we talk to PostgreSQL: no synchronize, migrations listed, pool bounded. */
export function databaseOptions(settings: ConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    applicationName: settings.applicationName,
    extra: { max: settings.poolSize ?? 10, connectionTimeoutMillis: 5000, ...sessionLimits(settings) },
    logging: false,
  };
}

/** Sent in the startup packet, so they hold from a session's first statement, whatever it runs. */
function sessionLimits(settings: ConnectionSettings): Record<string, number> {
  return {
    ...(settings.statementTimeoutSeconds ? { statement_timeout: settings.statementTimeoutSeconds * 1000 } : {}),
    ...(settings.idleInTransactionTimeoutSeconds ? { idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutSeconds * 1000 } : {}),
  };
}

/**
 * The api's and the worker's pools, as their runtime role. A transaction left open holds back
 * `pg_snapshot_xmin` for the whole cluster and so stalls audit sealing: the server ends one that idles,
 * and a runaway statement, after the configured limits.
 */
export function runtimeDatabaseOptions(config: AppConfig, applicationName: string, poolSize = config.databasePoolSize): DataSourceOptions {
  return databaseOptions({
    url: config.databaseUrl,
    poolSize,
    applicationName,
    statementTimeoutSeconds: config.databaseStatementTimeoutSeconds,
    idleInTransactionTimeoutSeconds: config.databaseIdleInTransactionTimeoutSeconds,
  });
}
