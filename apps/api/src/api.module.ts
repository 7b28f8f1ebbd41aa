import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { register as metricsRegistry } from 'prom-client';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { AccessControlModule, AppConfig, CoreHttpModule, CoreModule } from '@app/core';
import { AuditModule } from '@app/audit';
import { DatabaseModule } from '@app/database';
import { OutboxModule } from '@app/queue';
import { IdentityModule } from '@app/identity';
import { CasesModule } from '@app/cases';
import { ConsentModule } from '@app/consent';
import { ReferralsModule } from '@app/referrals';
import { HealthModule } from './health/health.module';
import { MetricsController } from './metrics.controller';
import { ROLE_PERMISSIONS } from './role-permissions';

/** Wiring only: each capability lives in its lib. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, options: { logDestination?: DestinationStream } = {}): DynamicModule {
    metricsRegistry.clear(); // default metrics register globally; tests build several apps in one process
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config, 'api', options.logDestination),
        AccessControlModule.forRoot(ROLE_PERMISSIONS),
        CoreHttpModule,
        DatabaseModule.forProcess('api'),
        PrometheusModule.register({ controller: MetricsController, defaultMetrics: { enabled: true } }),
        HealthModule,
        OutboxModule,
        AuditModule,
        IdentityModule,
        CasesModule,
        ConsentModule,
        ReferralsModule,
      ],
    };
  }
}
