import { DynamicModule, Global, Module } from '@nestjs/common';
import { RolePermissions, RolePermissionTable } from './role-permissions';

/** Provides the app's composed role table to every module (the guard, the account view, the boot check). */
@Global()
@Module({})
export class AccessControlModule {
  static forRoot(table: RolePermissionTable): DynamicModule {
    return { module: AccessControlModule, providers: [{ provide: RolePermissions, useValue: new RolePermissions(table) }], exports: [RolePermissions] };
  }
}
