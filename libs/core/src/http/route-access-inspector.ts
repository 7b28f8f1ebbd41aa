import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from './access-metadata';

export interface RouteAccess {
  method: string;
  path: string;
  /** 'public', a permission name, or undefined when the route declares nothing (refused at boot). */
  access?: string;
  handler: string;
}

function joinPath(...parts: string[]): string {
  return '/' + parts.map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
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
        const access = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)
          ? 'public'
          : this.reflector.getAllAndOverride<string>(REQUIRED_PERMISSION, targets);
        return controllerPaths.flatMap((base) =>
          [methodPath].flat().map((path: string) => ({ method, path: joinPath(base, path), access, handler: `${metatype.name}.${name}` })),
        );
      });
    });
  }

  /** Default deny, enforced before the first request: a route that declares no access stops the boot. */
  assertEveryRouteDeclaresAccess(): void {
    const undeclared = this.listRoutes().filter((route) => !route.access);
    if (undeclared.length > 0) {
      const list = undeclared.map((route) => `${route.method} ${route.path} (${route.handler})`).join(', ');
      throw new Error(`Routes without @RequirePermission or @Public: ${list}`);
    }
  }
}
