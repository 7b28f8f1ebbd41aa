import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/core';
import { runtimeDatabaseOptions } from './database-options';
import { DatabaseBootCheck } from './database-boot-check';
import { ProcessName, TransactionRunner } from './transaction-runner';

/** PostgreSQL for one process (api or worker), as its runtime role, with the transaction helper. */
@Module({})
export class DatabaseModule {
  static forProcess(processName: ProcessName): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...runtimeDatabaseOptions(config, `referral-desk-${processName}`),
            autoLoadEntities: true,
            retryAttempts: 3,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [TransactionRunner, DatabaseBootCheck],
      exports: [TransactionRunner],
    };
  }
}
