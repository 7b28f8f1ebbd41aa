// Used only by the TypeORM CLI (npm run migration:generate); the apps list entities and migrations explicitly.
import { DataSource } from 'typeorm';
import { loadMigrationConfig } from '@app/core';
import { databaseOptions } from './database-options';
import { setRuntimeRoles } from './runtime-roles';

const config = loadMigrationConfig();
setRuntimeRoles({ api: config.databaseApiRole, worker: config.databaseWorkerRole });

export default new DataSource({
  ...databaseOptions({ url: config.databaseOwnerUrl, applicationName: 'typeorm-cli' }),
  entities: ['libs/*/src/**/*.entity.ts'],
});
