import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { Clock, SystemClock } from './clock/clock';
import { AppConfig } from './config/app-config';
import { CoreConfigModule } from './config/core-config.module';
import { RequestContextModule } from './context/request-context.module';
import { LoggingModule } from './logging/logging.module';
import { FieldCipher, parseKeyring } from './crypto/field-cipher';
import { KeyedHasher } from './crypto/keyed-hash';

/** What every process carries: validated config, request context, JSON logging, the clock. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, service: 'api' | 'worker' | 'cli', logDestination?: DestinationStream): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [CoreConfigModule.forRoot(config), RequestContextModule, LoggingModule.forService(service, logDestination)],
      providers: [
        { provide: Clock, useClass: SystemClock },
        { provide: FieldCipher, useValue: new FieldCipher(parseKeyring(config.fieldEncryptionKeys, config.fieldEncryptionActiveKeyId)) },
        { provide: KeyedHasher, useValue: new KeyedHasher(Buffer.from(config.lookupHashKey, 'base64')) },
      ],
      exports: [Clock, FieldCipher, KeyedHasher],
    };
  }
}
