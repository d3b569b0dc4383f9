import { Injectable } from '@nestjs/common';
import { ClsService, ClsStore } from 'nestjs-cls';
import type { EntityManager } from 'typeorm';
import { TenantContextMissingError, TenantScopeWideningError } from './tenancy.error';
import type {
  CrossOrganizationReason,
  ReadOnlyScope,
  SerializedTenant,
  TenantPrincipal,
  TenantScope,
} from './tenant-scope';

/** What the context holds for one request, job or command (AsyncLocalStorage via nestjs-cls). */
export interface TenancyStore extends ClsStore {
  requestId?: string;
  /** The request's site; null for the main site when it has no row of its own. */
  siteId?: number | null;
  principal?: TenantPrincipal;
  scope?: TenantScope;
  crossOrganization?: CrossOrganizationReason;
  /**
   * The open transaction (EntityManager) of the cross-organization pool, inside
   * CrossOrganizationAccess only; typed loosely here because nestjs-cls's path types cannot walk it.
   */
  crossOrganizationManager?: object;
  afterCommit?: (() => Promise<unknown>)[];
}

/**
 * A fresh store with every field present from the start, so that all stores share one shape
 * (filling an empty object field by field would give each request's store its own history).
 */
export function newTenancyStore(requestId?: string): TenancyStore {
  return {
    requestId,
    siteId: undefined,
    principal: undefined,
    scope: undefined,
    crossOrganization: undefined,
    crossOrganizationManager: undefined,
    afterCommit: undefined,
  };
}

/**
 * The tenant context: request id, site, user, and the organizations the current request, job or
 * command may read and write. Entered once per request (a Fastify onRequest hook) or per job,
 * filled by guards, never passed by hand. Scope only narrows: nothing can widen what a request
 * was given, and with no scope every tenant-owned read and write fails closed.
 */
@Injectable()
export class TenantContext {
  constructor(private readonly cls: ClsService<TenancyStore>) {}

  /**
   * The current store, read and written as a plain object: nestjs-cls's `get(key)`/`set(key)`
   * split a dotted path on every call, and the context is read several times per request.
   */
  private get store(): TenancyStore | undefined {
    return this.cls.get();
  }

  /** The current store, or a loud error: nothing may be written outside a context. */
  private get writableStore(): TenancyStore {
    const store = this.store;
    if (!store) throw new Error('No tenant context is active: a request, job or command must enter one first');
    return store;
  }

  /** True inside a request, job or command context. */
  get active(): boolean {
    return this.store !== undefined;
  }

  get requestId(): string | undefined {
    return this.store?.requestId;
  }

  setRequestId(id: string): void {
    this.writableStore.requestId = id;
  }

  /** Undefined when no site was resolved (Studio, the CLI, a job without one). */
  get siteId(): number | null | undefined {
    return this.store?.siteId;
  }

  setSite(siteId: number | null): void {
    this.writableStore.siteId = siteId;
  }

  /**
   * A request's site and what it may read, set together by the LMS's site hook: on a fresh
   * context the site's own frozen scope is taken as it is (no copy per request); on a context
   * that already has a scope it only narrows, like `restrictReadTo`.
   */
  enterSite(siteId: number | null, scope: ReadOnlyScope): void {
    const store = this.writableStore;
    store.siteId = siteId;
    if (store.scope === undefined) store.scope = scope;
    else this.restrictReadTo(scope.readable);
  }

  get principal(): TenantPrincipal | undefined {
    return this.store?.principal;
  }

  setPrincipal(principal: TenantPrincipal): void {
    const current = this.principal;
    if (current && current.userId !== principal.userId)
      throw new TenantScopeWideningError('the principal is already set');
    this.writableStore.principal = principal;
  }

  /** The scope, or undefined when nothing has entered a tenant. */
  get scope(): TenantScope | undefined {
    return this.store?.scope;
  }

  get crossOrganization(): CrossOrganizationReason | undefined {
    return this.store?.crossOrganization;
  }

  /** The scope, or a loud error: the fail-closed gate of every tenant-owned read and write. */
  requireScope(what?: string): TenantScope {
    const scope = this.scope;
    if (this.crossOrganization) return scope ?? { readable: [], writable: null };
    if (!scope || scope.readable.length === 0) throw new TenantContextMissingError(what);
    return scope;
  }

  /** The one organization this context may write in. */
  requireWritableOrganization(what?: string): number {
    const writable = this.requireScope(what).writable;
    if (writable === null)
      throw new TenantContextMissingError(`${what ?? 'tenant data'} (no organization to write in)`);
    return writable;
  }

  /**
   * Limits reads to `organizationIds`. The first call sets the readable set; later calls
   * intersect with it, so a request can only ever see less.
   */
  restrictReadTo(organizationIds: readonly number[]): void {
    const current = this.scope;
    const wanted = [...new Set(organizationIds)].sort((a, b) => a - b);
    const readable = current ? wanted.filter((id) => current.readable.includes(id)) : wanted;
    const writable = current?.writable != null && readable.includes(current.writable) ? current.writable : null;
    const writeRevoked = !!current?.writeRevoked || (current?.writable != null && writable === null);
    this.writableStore.scope = { readable, writable, writeRevoked };
  }

  /** Allows writes in one organization, which must already be readable (or the first scope). */
  grantWrite(organizationId: number): void {
    const current = this.scope;
    if (current?.writable != null && current.writable !== organizationId) {
      throw new TenantScopeWideningError(`writes are already limited to organization ${current.writable}`);
    }
    if (current?.writeRevoked) throw new TenantScopeWideningError('writes were narrowed away in this context');
    if (current && !current.readable.includes(organizationId)) {
      throw new TenantScopeWideningError(`organization ${organizationId} is not readable in this context`);
    }
    this.writableStore.scope = { readable: current?.readable ?? [organizationId], writable: organizationId };
  }

  /** Reads and writes in exactly one organization (an author, a learner, a tenant job). */
  enterOrganization(organizationId: number): void {
    this.restrictReadTo([organizationId]);
    this.grantWrite(organizationId);
  }

  /** Used only by CrossOrganizationAccess: the audited, explicitly named path. */
  markCrossOrganization(reason: CrossOrganizationReason): void {
    this.writableStore.crossOrganization = reason;
  }

  /** The cross-organization transaction this context runs in, if any (see CrossOrganizationAccess). */
  get crossOrganizationManager(): EntityManager | undefined {
    return this.store?.crossOrganizationManager as EntityManager | undefined;
  }

  /** Used only by CrossOrganizationAccess, in the child context it opened. */
  useCrossOrganizationManager(manager: EntityManager): void {
    this.writableStore.crossOrganizationManager = manager;
  }

  /** The context a job needs to re-enter this tenant in the worker. */
  serialize(): SerializedTenant {
    const scope = this.scope;
    return {
      readable: scope?.readable ?? [],
      writable: scope?.writable ?? null,
      siteId: this.siteId ?? null,
      requestId: this.requestId ?? null,
      principal: this.principal ?? null,
    };
  }

  /** Re-enters a serialized tenant (in a fresh context: a job or a command). */
  restore(tenant: SerializedTenant): void {
    if (tenant.requestId) this.setRequestId(tenant.requestId);
    if (tenant.siteId !== null) this.setSite(tenant.siteId);
    if (tenant.principal) this.setPrincipal(tenant.principal);
    if (tenant.readable.length > 0) this.restrictReadTo(tenant.readable);
    if (tenant.writable !== null) this.grantWrite(tenant.writable);
  }

  /** Runs `fn` in a fresh, empty context (jobs, commands, tests). */
  runInNewContext<T>(fn: () => Promise<T>): Promise<T> {
    return this.cls.runWith(newTenancyStore(), fn);
  }

  /** Runs `fn` in a child context that starts as a copy of this one; changes stay inside. */
  runInChildContext<T>(fn: () => Promise<T>): Promise<T> {
    return this.cls.run({ ifNested: 'inherit' }, fn);
  }

  /** A new queue of work to run once the transaction about to start commits. */
  startAfterCommitQueue(): (() => Promise<unknown>)[] {
    const queue: (() => Promise<unknown>)[] = [];
    const store = this.store;
    if (store) store.afterCommit = queue;
    return queue;
  }

  /** Queues work for after the current transaction commits (see TenantTransactions). */
  pushAfterCommit(task: () => Promise<unknown>): void {
    const queue = this.store?.afterCommit;
    if (!queue) throw new Error('No transaction is collecting after-commit work in this context');
    queue.push(task);
  }

  /**
   * The one way to build a cache key (Redis or in-process) for tenant data: it requires an
   * organization this context may read, so a key can never mix tenants or be built blind.
   */
  cacheKey(organizationId: number | null | undefined, ...parts: (string | number)[]): string {
    if (organizationId == null) throw new TenantContextMissingError('a tenant cache key');
    if (!this.crossOrganization && !this.requireScope('a tenant cache key').readable.includes(organizationId)) {
      throw new TenantScopeWideningError(`organization ${organizationId} is not readable in this context`);
    }
    return ['org', organizationId, ...parts].join(':');
  }
}
