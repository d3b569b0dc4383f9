import type { onRequestHookHandler } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { newTenancyStore, type TenancyStore } from './tenant-context';

/**
 * Enters the request's context from a Fastify onRequest hook: measured here to cost a fraction
 * of nestjs-cls's middleware, guard or interceptor mounts (as measured on the project machine when
 * the stack was chosen). Every later hook and the handler run inside it, so it must be the first
 * root hook (`registerRootHooks` in @mtl/app-core registers them all, in order).
 */
export function requestContextHook(cls: ClsService<TenancyStore>): onRequestHookHandler {
  return (request, _reply, done) => {
    cls.runWith(newTenancyStore(request.id), done);
  };
}
