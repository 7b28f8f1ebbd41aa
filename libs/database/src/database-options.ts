import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

export interface ConnectionSettings {
  url: string;
  poolSize?: number;
  applicationName: string;
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
    extra: { max: settings.poolSize ?? 10, connectionTimeoutMillis: 5000 },
    logging: false,
  };
}
