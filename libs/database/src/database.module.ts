import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
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
        ClsModule.registerPlugins([
          new ClsPluginTransactional({
            imports: [TypeOrmModule],
            adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
          }),
        ]),
      ],
      providers: [TransactionRunner, DatabaseBootCheck],
      exports: [TransactionRunner],
    };
  }
}
