import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DeepPartial, EntityTarget, FindManyOptions, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import { In } from 'typeorm';
import { TenantContext } from './tenant-context';
import type { TenantScope } from './tenant-scope';
import { TenantTransactions } from './tenant-transactions';

/** A tenant-owned entity: every one carries its organization. */
export interface TenantOwned extends ObjectLiteral {
  organizationId: number;
}

/**
 * The application's half of the tenant filter: which organizations the WHERE clauses of
 * TenantScopedRepository name. Always the context's own. Only a test overrides this provider
 * (`@mtl/testing`'s rowLevelSecurityAlone, to show that row-level security holds by itself, ADR
 * 0011); nothing the app reads (no setting, no environment variable) can change it.
 */
@Injectable()
export class TenantQueryFilter {
  /** The scope whose organizations a repository's queries filter on. */
  scopeForQueries(scope: TenantScope): TenantScope {
    return scope;
  }

  /** Whether updates and deletes add the writable organization to their WHERE clause. */
  filtersWrites(): boolean {
    return true;
  }
}

const ALWAYS_FILTER = new TenantQueryFilter();

/**
 * The only way code reads or writes tenant-owned rows. Callers pass no organization: reads are
 * limited to the context's readable organizations, writes go to its writable one, and with no
 * tenant in the context every call fails with TenantContextMissingError. Row-level security
 * enforces the same again in PostgreSQL. Subclasses add intention-revealing methods.
 */
export abstract class TenantScopedRepository<E extends TenantOwned> {
  // A property, so that subclasses' constructors stay (transactions, context); absent, it filters.
  @Optional()
  @Inject(TenantQueryFilter)
  private readonly queryFilter?: TenantQueryFilter;

  /** What the rows are, in the errors of a call without a tenant. */
  private readonly description: string;

  protected constructor(
    private readonly entity: EntityTarget<E>,
    protected readonly transactions: TenantTransactions,
    protected readonly context: TenantContext,
  ) {
    const name = typeof entity === 'string' ? entity : (entity as { name?: string }).name;
    this.description = `${name ?? 'tenant'} rows`;
  }

  /** Runs `fn` with this entity's repository inside the tenant transaction. */
  protected async use<T>(fn: (repository: Repository<E>, scope: TenantScope) => Promise<T>): Promise<T> {
    const scope = this.context.requireScope(this.description);
    return this.transactions.run((manager) => fn(manager.getRepository(this.entity), this.queryScope(scope)));
  }

  /**
   * The scope the WHERE clauses use. Inside CrossOrganizationAccess row-level security shows every
   * organization, so there the application's filter is the only one and always applies.
   */
  private queryScope(scope: TenantScope): TenantScope {
    if (this.context.crossOrganizationManager) return scope;
    return (this.queryFilter ?? ALWAYS_FILTER).scopeForQueries(scope);
  }

  /** The writable organization as a WHERE condition of updates and deletes. */
  private writeFilter(organizationId: number): Partial<TenantOwned> {
    if (this.context.crossOrganizationManager) return { organizationId };
    return (this.queryFilter ?? ALWAYS_FILTER).filtersWrites() ? { organizationId } : {};
  }

  /** `where` limited to the readable organizations (each alternative of an OR list too). */
  protected readable(
    where: FindOptionsWhere<E> | FindOptionsWhere<E>[] = {},
    scope: TenantScope,
  ): FindOptionsWhere<E>[] {
    // One organization (every signed-in request) as `=`: TypeORM builds an IN list at some cost.
    const organizations = scope.readable.length === 1 ? scope.readable[0] : In([...scope.readable]);
    const limit = { organizationId: organizations } as FindOptionsWhere<E>;
    return (Array.isArray(where) ? where : [where]).map((w) => ({ ...w, ...limit }));
  }

  find(options: FindManyOptions<E> = {}): Promise<E[]> {
    return this.use((repository, scope) =>
      repository.find({ ...options, where: this.readable(options.where as FindOptionsWhere<E> | undefined, scope) }),
    );
  }

  findOneBy(where: FindOptionsWhere<E>): Promise<E | null> {
    return this.use((repository, scope) => repository.findOneBy(this.readable(where, scope)));
  }

  countBy(where: FindOptionsWhere<E> = {}): Promise<number> {
    return this.use((repository, scope) => repository.countBy(this.readable(where, scope)));
  }

  /** Inserts into the writable organization; an `organizationId` from the caller is ignored. */
  insert(values: DeepPartial<E>): Promise<E> {
    return this.use(async (repository) => {
      const organizationId = this.context.requireWritableOrganization(this.description);
      // A real INSERT: an existing key is an error, never a silent update (save() would upsert).
      const entity = repository.create({ ...values, organizationId } as DeepPartial<E>);
      await repository.insert(entity);
      return entity;
    });
  }

  /** Updates matching rows of the writable organization; returns how many changed. */
  update(where: FindOptionsWhere<E>, patch: Partial<E>): Promise<number> {
    return this.use(async (repository) => {
      const organizationId = this.context.requireWritableOrganization(this.description);
      const { organizationId: _ignored, ...rest } = patch;
      const result = await repository.update({ ...where, ...this.writeFilter(organizationId) }, rest as never);
      return result.affected ?? 0;
    });
  }

  /** Deletes matching rows of the writable organization; returns how many went. */
  delete(where: FindOptionsWhere<E>): Promise<number> {
    return this.use(async (repository) => {
      const organizationId = this.context.requireWritableOrganization(this.description);
      const result = await repository.delete({ ...where, ...this.writeFilter(organizationId) });
      return result.affected ?? 0;
    });
  }
}
