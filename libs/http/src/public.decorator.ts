import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'mtl:public-route';

/**
 * Marks a route (or a controller) as open to anyone, on purpose: health, the site face, login,
 * registration. Every route handler carries either this or `@Authenticated`; a test walks both
 * apps' routers and fails on one with neither (test/http/route-guards.integration-spec.ts).
 */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_ROUTE, true);
}

/** True when the handler or its controller is marked `@Public()`. */
export function isPublicRoute(handler: object, controller: object): boolean {
  return Reflect.getMetadata(PUBLIC_ROUTE, handler) === true || Reflect.getMetadata(PUBLIC_ROUTE, controller) === true;
}
