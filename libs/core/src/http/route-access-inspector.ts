import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AUDIT_ACTION, NOT_AUDITED, PUBLIC_ROUTE, READ_ONLY_POST, REQUIRED_PERMISSION, requiredPermissionsOf } from './access-metadata';

export interface RouteAccess {
  method: string;
  path: string;
  /** 'public', the permission name(s) (`a | b`: any one), or undefined when the route declares nothing (refused at boot). */
  access?: string;
  /** The permissions the route accepts (empty for public or undeclared routes). */
  permissions: string[];
  /** The audit action the route records, `not audited: <reason>`, or undefined. */
  audit?: string;
  handler: string;
  /** A POST declared with @ReadOnlyPost: it changes nothing (search terms travel in its body). */
  readOnly: boolean;
  /** The controller class and handler function, for reading the route's other metadata (e.g. its documentation). */
  target: { controller: object; handler: object };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function joinPath(...parts: string[]): string {
  return (
    '/' +
    parts
      .map((part) => part.replace(/^\/+|\/+$/g, ''))
      .filter(Boolean)
      .join('/')
  );
}

/** Lists every Nest route with what it declares, for the boot check and the permission snapshot. */
@Injectable()
export class RouteAccessInspector {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  listRoutes(): RouteAccess[] {
    return this.discovery.getControllers().flatMap((wrapper) => {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) return [];
      const prototype = Object.getPrototypeOf(instance);
      const controllerPaths = [Reflect.getMetadata(PATH_METADATA, metatype) ?? ''].flat() as string[];
      return this.scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = prototype[name];
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler);
        if (methodPath === undefined) return [];
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const targets = [handler, metatype];
        const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets);
        const permissions = isPublic ? [] : requiredPermissionsOf(this.reflector.getAllAndOverride(REQUIRED_PERMISSION, targets));
        const access = isPublic ? 'public' : permissions.length > 0 ? permissions.join(' | ') : undefined;
        const action = this.reflector.get<string>(AUDIT_ACTION, handler);
        const notAudited = this.reflector.get<string>(NOT_AUDITED, handler);
        const audit = action ?? (notAudited ? `not audited: ${notAudited}` : undefined);
        return controllerPaths.flatMap((base) =>
          [methodPath].flat().map((path: string) => ({
            method,
            path: joinPath(base, path),
            access,
            permissions,
            audit,
            handler: `${metatype.name}.${name}`,
            readOnly: method === 'POST' && this.reflector.get<boolean>(READ_ONLY_POST, handler) === true,
            target: { controller: metatype, handler },
          })),
        );
      });
    });
  }

  /**
   * Default deny, enforced before the first request: a route that declares no access stops the boot,
   * and so does a signed-in route without its audit action (a mutating one may not opt out).
   */
  assertEveryRouteDeclaresAccess(): void {
    const routes = this.listRoutes();
    const describe = (list: RouteAccess[]) => list.map((route) => `${route.method} ${route.path} (${route.handler})`).join(', ');
    const undeclared = routes.filter((route) => !route.access);
    if (undeclared.length > 0) throw new Error(`Routes without @RequirePermission or @Public: ${describe(undeclared)}`);
    const unaudited = routes.filter(
      (route) => route.access !== 'public' && (!route.audit || (MUTATING.has(route.method) && route.audit.startsWith('not audited'))),
    );
    if (unaudited.length > 0) throw new Error(`Routes without @Audited (mutating routes cannot be @NotAudited): ${describe(unaudited)}`);
  }

  /** A permission no role grants makes its route unreachable: a typo or a forgotten table entry. */
  assertEveryPermissionIsGranted(granted: Set<string>): void {
    const orphans = this.listRoutes().filter((route) => route.permissions.some((permission) => !granted.has(permission)));
    if (orphans.length > 0) {
      throw new Error(`Routes requiring a permission no role grants: ${orphans.map((route) => `${route.method} ${route.path} (${route.access})`).join(', ')}`);
    }
  }
}
