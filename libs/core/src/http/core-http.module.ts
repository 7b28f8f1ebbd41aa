import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { RolePermissions } from '../access/role-permissions';
import { RoutePatternInterceptor } from '../logging/route-pattern';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { RouteAccessInspector } from './route-access-inspector';
import { strictValidationPipe } from './validation.pipe';

@Injectable()
class RouteAccessBootCheck implements OnApplicationBootstrap {
  constructor(
    private readonly inspector: RouteAccessInspector,
    private readonly rolePermissions: RolePermissions,
  ) {}

  onApplicationBootstrap(): void {
    this.inspector.assertEveryRouteDeclaresAccess();
    this.inspector.assertEveryPermissionIsGranted(this.rolePermissions.allGranted());
  }
}

/** The HTTP conventions every API process shares: error model, strict validation, default-deny boot check. */
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_PIPE, useFactory: strictValidationPipe },
    { provide: APP_INTERCEPTOR, useClass: RoutePatternInterceptor },
    RouteAccessInspector,
    RouteAccessBootCheck,
  ],
  exports: [RouteAccessInspector],
})
export class CoreHttpModule {}
