import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { ACCESS_RULE, AccessRule } from '@mtl/accounts';
import { isPublicRoute } from '@mtl/http';

/** One route handler of an app and how it is guarded. */
export interface RouteGuarding {
  /** `Controller.method`, for messages. */
  handler: string;
  /** `METHOD /path/:param`. */
  route: string;
  method: string;
  /** `/path/:param`. */
  path: string;
  /** The class of the handler's `@Body()` parameter, when it has one. */
  bodyType?: new (...args: never[]) => object;
  authenticated: boolean;
  /** Who `@Authenticated` admits (the method's rule, else its controller's). */
  access?: AccessRule;
  public: boolean;
}

/**
 * Every route handler of every controller of the app (its whole module graph), with whether it
 * is `@Authenticated` (on the method or its controller) and whether it is `@Public()`.
 */
export function routeGuarding(app: INestApplicationContext): RouteGuarding[] {
  const routes: RouteGuarding[] = [];
  const seen = new Set<unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (path === undefined) continue; // not a route handler
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? 'GET';
        const base = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
        const fullPath = `/${[base ?? '', path].flat().join('/').split('/').filter(Boolean).join('/')}`;
        routes.push({
          handler: `${controller.name}.${name}`,
          route: `${method} ${fullPath}`,
          method,
          path: fullPath,
          bodyType: bodyTypeOf(controller, name),
          authenticated:
            Reflect.getMetadata(ACCESS_RULE, handler) !== undefined ||
            Reflect.getMetadata(ACCESS_RULE, controller) !== undefined,
          access: (Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, controller)) as
            AccessRule | undefined,
          public: isPublicRoute(handler, controller),
        });
      }
    }
  }
  return routes;
}

/** The declared type of the `@Body()` parameter (the whole body) of a route handler, if any. */
function bodyTypeOf(controller: new (...args: never[]) => object, name: string): RouteGuarding['bodyType'] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const body = Object.entries(args).find(
    ([key, arg]) => key.split(':')[0] === String(RouteParamtypes.BODY) && arg.data === undefined,
  );
  if (!body) return undefined;
  const types = Reflect.getMetadata('design:paramtypes', controller.prototype as object, name) as
    (new (...args: never[]) => object)[] | undefined;
  const type = types?.[body[1].index];
  return type && type !== Object ? type : undefined;
}

/** Route handlers with neither `@Authenticated` nor `@Public()`, or with both (a contradiction). */
export function misguardedRoutes(app: INestApplicationContext): string[] {
  return routeGuarding(app)
    .filter((r) => r.authenticated === r.public)
    .map(
      (r) =>
        `${r.route} (${r.handler}): ` +
        `${r.public ? 'both @Authenticated and @Public()' : 'neither @Authenticated nor @Public()'}`,
    );
}
