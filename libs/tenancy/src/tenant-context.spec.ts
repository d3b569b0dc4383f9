import { AsyncLocalStorage } from 'node:async_hooks';
import { ClsService } from 'nestjs-cls';
import { newTenancyStore, TenancyStore, TenantContext } from './tenant-context';
import { readOnlyScope } from './tenant-scope';
import { TenantScopeWideningError } from './tenancy.error';

// The context reads and writes nestjs-cls's store as a plain object; these check it still keeps
// the rules the accessors promise (scope only narrows, nothing outlives its context).
describe('TenantContext', () => {
  const cls = new ClsService<TenancyStore>(new AsyncLocalStorage());
  const context = new TenantContext(cls);
  const inRequest = <T>(fn: () => T): T => cls.runWith(newTenancyStore('req-1'), fn);

  it('builds a site scope sorted, without repeats, frozen', () => {
    const scope = readOnlyScope([7, 3, 7, 5]);
    expect(scope).toEqual({ readable: [3, 5, 7], writable: null, writeRevoked: false });
    expect(Object.isFrozen(scope)).toBe(true);
    expect(Object.isFrozen(scope.readable)).toBe(true);
  });

  it('takes a site scope as it is on a fresh request, and a later grant never changes the shared one', () => {
    const shared = readOnlyScope([3, 5]);
    inRequest(() => {
      context.enterSite(11, shared);
      expect(context.siteId).toBe(11);
      expect(context.scope).toBe(shared);
      context.grantWrite(5);
      expect(context.scope).toEqual({ readable: [3, 5], writable: 5 });
    });
    expect(shared).toEqual({ readable: [3, 5], writable: null, writeRevoked: false });
  });

  it('only narrows a scope the request already has', () => {
    inRequest(() => {
      context.enterOrganization(5);
      context.enterSite(11, readOnlyScope([3, 5]));
      expect(context.scope).toEqual({ readable: [5], writable: 5, writeRevoked: false });
      context.enterSite(12, readOnlyScope([3]));
      expect(context.scope).toEqual({ readable: [], writable: null, writeRevoked: true });
      expect(() => context.grantWrite(3)).toThrow(TenantScopeWideningError);
    });
  });

  it('reads nothing and refuses writes outside any context', () => {
    expect(context.active).toBe(false);
    expect(context.scope).toBeUndefined();
    expect(context.requestId).toBeUndefined();
    expect(() => context.setSite(1)).toThrow(/No tenant context is active/);
    expect(() => context.enterSite(1, readOnlyScope([1]))).toThrow(/No tenant context is active/);
  });

  it('keeps a child context’s changes inside it, and a new context starts empty', async () => {
    await inRequest(async () => {
      context.restrictReadTo([3, 5]);
      await context.runInChildContext(() => {
        context.restrictReadTo([3]);
        expect(context.scope?.readable).toEqual([3]);
        return Promise.resolve();
      });
      expect(context.scope?.readable).toEqual([3, 5]);
      await context.runInNewContext(() => {
        expect(context.scope).toBeUndefined();
        expect(context.requestId).toBeUndefined();
        return Promise.resolve();
      });
      expect(context.requestId).toBe('req-1');
    });
  });

  it('gives every store the same fields from the start', () => {
    expect(Object.keys(newTenancyStore('x')).sort()).toEqual([
      'afterCommit',
      'crossOrganization',
      'crossOrganizationManager',
      'principal',
      'requestId',
      'scope',
      'siteId',
    ]);
  });
});
