import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import type { PoolClient } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isPlainRead } from './scope-statements';
import { runScoped, scopeMessages, scopeParameters, ScopeValues, SET_SCOPE_SQL } from './scoped-query';
import { TenancyStore, TenantContext } from './tenant-context';
import { TenantScopeSigner } from './tenant-scope-signer';

/**
 * The role the request and job pools log in as (migration LeastPrivilegeConnections): no
 * superuser, no owner, no BYPASSRLS, and a member of no role, so no statement on its connections
 * can switch to one with more rights (docs/adr/0006).
 */
export const RUNTIME_ROLE = 'mtl_app';
/** The role the cross-organization pool logs in as; RLS shows it every organization. */
export const CROSS_ORGANIZATION_ROLE = 'mtl_cross_org';

/** Where the open tenant transaction of a context lives (a child context per transaction). */
const OPEN_TRANSACTION = Symbol('mtl:tenant-transaction');

/**
 * One transaction per request or job, carrying the tenant scope into PostgreSQL with
 * `set_config(…, true)`, transaction-local, so a pooled connection carries nothing of one
 * request into the next. In as few round trips as that allows (docs/adr/0010):
 *
 * - the scope travels in the same round trip as the statement it is for: both go as one pipeline
 *   of extended-protocol messages closed by one Sync (ScopedQuery), the scope's values and the
 *   statement's parameters bound, never written into SQL;
 * - while the transaction has only read, each plain SELECT goes as `set_config(…)` + the read,
 *   which PostgreSQL runs as one implicit transaction (up to the Sync): the scope dies with it,
 *   and there is nothing to commit. At READ COMMITTED (the default, never changed here) every
 *   statement takes its own snapshot anyway, so the reads see what they would have seen in one
 *   transaction;
 * - the first statement that is not a plain read (a write, a locking read, a savepoint, anything
 *   else) opens the explicit transaction in the same way, `BEGIN` + `set_config(…)` + it;
 *   everything after it runs inside, and the transaction commits when `fn` resolves (rolls back
 *   when it throws). When the scope narrows mid-transaction it is applied again.
 *
 * A one-read request thus costs one round trip instead of four (BEGIN, set_config, read, COMMIT).
 * Inside CrossOrganizationAccess the same calls run in its transaction on the cross-organization pool.
 */
@Injectable()
export class TenantTransactions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cls: ClsService<TenancyStore>,
    private readonly context: TenantContext,
    private readonly signer: TenantScopeSigner,
  ) {}

  private readonly signedScopes = new Map<string, ScopeStatement>();

  /** Runs `fn` in the current transaction, or in a new one that commits when `fn` resolves. */
  async run<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    const crossOrganization = this.context.crossOrganizationManager;
    if (crossOrganization) return fn(crossOrganization);
    const open = this.openTransaction();
    if (open) {
      await open.applyScope();
      return fn(open.manager);
    }
    // Set before the transaction starts: the transaction's own context is a child of this one and
    // shares the queue by reference. A rollback simply drops it.
    const afterCommit = this.context.startAfterCommitQueue();
    const result = await this.cls.run({ ifNested: 'inherit' }, async () => {
      const transaction = await TenantTransaction.open(this.dataSource, () => this.scopeStatement());
      this.cls.set(OPEN_TRANSACTION, transaction);
      return transaction.runToEnd(fn);
    });
    for (const task of afterCommit) await task();
    return result;
  }

  /** Runs `task` once the current transaction has committed, or now when there is none. */
  async afterCommit(task: () => Promise<unknown>): Promise<void> {
    if (this.context.crossOrganizationManager || this.openTransaction()) this.context.pushAfterCommit(task);
    else await task();
  }

  private openTransaction(): TenantTransaction | undefined {
    return this.cls.isActive() ? this.cls.get<TenantTransaction | undefined>(OPEN_TRANSACTION) : undefined;
  }

  /**
   * The values that set the context's current scope, and a key to tell scopes apart. Signed once
   * per distinct scope (two sha256 per request otherwise) and remembered, a bounded number of them.
   */
  private async scopeStatement(): Promise<ScopeStatement> {
    const scope = this.context.scope;
    const readable = scope && scope.readable.length > 0 ? `{${scope.readable.map(integer).join(',')}}` : '';
    const writable = scope?.writable != null ? String(integer(scope.writable)) : '';
    const key = `${readable}|${writable}`;
    const known = this.signedScopes.get(key);
    if (known) return known;
    const signature = await this.signer.sign(readable, writable);
    if (!/^[0-9a-f]{64}$/.test(signature)) throw new Error('tenant scope signature is not a sha256 hex digest');
    if (this.signedScopes.size >= MAX_SIGNED_SCOPES) this.signedScopes.clear();
    const values = { readable, writable, signature };
    const statement = { key, values, messages: scopeMessages(values) };
    this.signedScopes.set(key, statement);
    return statement;
  }
}

/** How many signed scopes TenantTransactions remembers (organizations × the sets sites read). */
const MAX_SIGNED_SCOPES = 10_000;

interface ScopeStatement {
  key: string;
  values: ScopeValues;
  /** SET_SCOPE_SQL with these values as protocol messages, serialized once. */
  messages: Buffer;
}

/** An organization id as it may go into the scope's values: a safe integer, or a loud error. */
function integer(value: number): number {
  if (!Number.isSafeInteger(value)) throw new Error(`organization id ${String(value)} is not an integer`);
  return value;
}

type QueryFn = (text: unknown, values?: unknown[]) => Promise<unknown>;

/** Flags TypeORM keeps on a query runner in a transaction (so that save() nests a savepoint). */
interface RunnerTransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
  databaseConnection: PoolClient;
}

/**
 * One tenant transaction on one pooled connection (held from the first statement to the end):
 * TypeORM's query runner, whose connection is wrapped so that each statement carries the scope
 * as described on TenantTransactions.
 */
class TenantTransaction {
  /** True once `BEGIN` was sent: from then on statements run inside the explicit transaction. */
  private began = false;
  /** The scope the explicit transaction last applied (its key). */
  private applied?: string;

  private constructor(
    private readonly runner: QueryRunner,
    private readonly client: PoolClient,
    private readonly scope: () => Promise<ScopeStatement>,
  ) {}

  static async open(dataSource: DataSource, scope: () => Promise<ScopeStatement>): Promise<TenantTransaction> {
    const runner = dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    const transaction = new TenantTransaction(runner, client, scope);
    const send = transaction.send.bind(transaction);
    const state = runner as unknown as RunnerTransactionState;
    state.databaseConnection = new Proxy(client, {
      get: (target, property) => {
        if (property === 'query') return send;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    // What startTransaction() would set: TypeORM sees a transaction and nests savepoints in it.
    state.isTransactionActive = true;
    state.transactionDepth = 1;
    return transaction;
  }

  get manager(): EntityManager {
    return this.runner.manager;
  }

  /** Runs `fn`, then commits (or rolls back on an error), and gives the connection back. */
  async runToEnd<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    let broken: Error | undefined;
    try {
      const result = await fn(this.manager);
      if (this.began) await this.client.query('COMMIT');
      return result;
    } catch (error) {
      if (this.began)
        await this.client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError; // the connection is not fit for the next user: the pool drops it
        });
      throw error;
    } finally {
      const state = this.runner as unknown as RunnerTransactionState;
      state.isTransactionActive = false;
      state.transactionDepth = 0;
      state.databaseConnection = this.client;
      await (this.runner as unknown as { releasePostgresConnection(err?: Error): Promise<void> })
        .releasePostgresConnection(broken)
        .catch(() => undefined);
    }
  }

  /** A nested `run` with a narrowed scope: apply it in the explicit transaction (reads carry their own). */
  async applyScope(): Promise<void> {
    if (!this.began) return;
    const scope = await this.scope();
    if (scope.key === this.applied) return;
    await this.client.query(SET_SCOPE_SQL, scopeParameters(scope.values));
    this.applied = scope.key;
  }

  /** `query` of the wrapped connection: what TypeORM sends for this transaction. */
  private readonly send: QueryFn = async (text, values) => {
    const query = this.client.query.bind(this.client) as QueryFn;
    if (typeof text !== 'string') {
      // A submittable (a stream, COPY): it cannot share a message, so open the transaction first.
      if (!this.began) await this.begin();
      return query(text, values);
    }
    if (this.began) return query(text, values);
    const scope = await this.scope();
    if (isPlainRead(text)) return runScoped(this.client, text, values, { begin: false, scope: scope.messages });
    this.began = true; // before sending: if the statement fails, the block is open and must be rolled back
    const result = await runScoped(this.client, text, values, { begin: true, scope: scope.messages });
    this.applied = scope.key;
    return result;
  };

  /** Opens the explicit transaction ahead of a statement that cannot share its round trip. */
  private async begin(): Promise<void> {
    const scope = await this.scope();
    this.began = true;
    await this.client.query('BEGIN');
    await this.client.query(SET_SCOPE_SQL, scopeParameters(scope.values));
    this.applied = scope.key;
  }
}
