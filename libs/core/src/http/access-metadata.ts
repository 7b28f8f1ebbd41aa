import { applyDecorators, SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'access:public';
export const REQUIRED_PERMISSION = 'access:permission';

/** Open to anyone, signed in or not. Every use is visible in the endpoint-permission snapshot. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** The permission a caller's roles must grant. Guards check permissions, never role names. */
export const RequirePermission = (permission: string): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_PERMISSION, permission));

export const API_PREFIX = 'api/v1';

/** `apiPath('cases')` → `api/v1/cases`: domain controllers live under the versioned prefix. */
export const apiPath = (path: string): string => `${API_PREFIX}/${path}`.replace(/\/+$/, '');
