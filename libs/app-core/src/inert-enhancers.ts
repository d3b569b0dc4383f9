import type { INestApplication } from '@nestjs/common';
import { ApplicationConfig, ModulesContainer } from '@nestjs/core';
import { ClsGuard, ClsInterceptor } from 'nestjs-cls';

/**
 * Takes out the global guard and interceptor that nestjs-cls registers when it mounts neither
 * (`{ canActivate: () => true }`, `{ intercept: (_, next) => next.handle() }`: ClsRootModule adds
 * both unconditionally). They change nothing, yet make Nest run its guard step and its RxJS
 * interceptor chain on every route (docs/performance.md: a fifth of `GET /api/site`'s cost).
 * Only instances provided by nestjs-cls's root module that are not its real ClsGuard or
 * ClsInterceptor are removed; any other global enhancer stays. Call it before `app.init()`.
 */
export function dropInertClsEnhancers(app: INestApplication): void {
  const config = (app as unknown as { config?: ApplicationConfig }).config;
  if (!(config instanceof ApplicationConfig)) throw new Error('Nest application config not found');
  const clsRoot = [...app.get(ModulesContainer).values()].find((m) => m.metatype?.name === 'ClsRootModule');
  if (!clsRoot) return;
  const provided = new Set([...clsRoot.providers.values()].map((wrapper) => wrapper.instance));
  const inert = (instance: unknown): boolean =>
    provided.has(instance) && !(instance instanceof ClsGuard) && !(instance instanceof ClsInterceptor);
  removeWhere(config.getGlobalGuards(), inert);
  removeWhere(config.getGlobalInterceptors(), inert);
}

function removeWhere<T>(items: T[], drop: (item: T) => boolean): void {
  for (let i = items.length - 1; i >= 0; i--) if (drop(items[i])) items.splice(i, 1);
}
