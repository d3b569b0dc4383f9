import { Query, type QueryResult } from 'pg';
import { serialize } from 'pg-protocol';

/** The signed scope as `set_config` takes it: int array literal, int, hex signature ('' for none). */
export interface ScopeValues {
  readonly readable: string;
  readonly writable: string;
  readonly signature: string;
}

/** Sets the transaction-local scope; its three values are bound as parameters, never written into SQL. */
export const SET_SCOPE_SQL =
  `SELECT set_config('mtl.readable_orgs', $1, true), set_config('mtl.writable_org', $2, true), ` +
  `set_config('mtl.scope_signature', $3, true)`;

/** SET_SCOPE_SQL's parameters, in order. */
export const scopeParameters = ({ readable, writable, signature }: ScopeValues): string[] => [
  readable,
  writable,
  signature,
];

/**
 * The scope's three messages (Parse, Bind with its values, Execute) serialized once: a scope is
 * the same for every request of its organization, so TenantTransactions keeps them with it.
 */
export function scopeMessages(values: ScopeValues): Buffer {
  return Buffer.concat([
    serialize.parse({ text: SET_SCOPE_SQL }),
    serialize.bind({ values: scopeParameters(values) }),
    serialize.execute(),
  ]);
}

/** `BEGIN` as the same three messages. */
const BEGIN_MESSAGES = Buffer.concat([serialize.parse({ text: 'BEGIN' }), serialize.bind(), serialize.execute()]);

/** What goes before a statement: `BEGIN` or not, and the scope's messages (scopeMessages). */
export interface ScopedPrefix {
  readonly begin: boolean;
  readonly scope: Buffer;
}

/** The part of pg's Connection a query writes its protocol messages with (pg/lib/connection.js). */
interface ProtocolWriter {
  /** Writes serialized messages as they are (what parse, bind & co. end in). */
  _send(messages: Buffer): boolean;
  parse(message: { text: string; name?: string; types?: unknown[] }): void;
  bind(message: { statement?: string; portal?: string; values?: unknown[] }): void;
  execute(message: { portal?: string; rows?: number }): void;
}

/** What pg's Query does that its published types leave out. */
interface QueryInternals {
  prepare(connection: ProtocolWriter): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: ProtocolWriter): void;
}
const queryInternals = Query.prototype as unknown as QueryInternals;

/**
 * One statement of a tenant transaction with what must run before it, pipelined in the extended
 * protocol up to ONE Sync, so all of it costs one round trip: `BEGIN` when the statement opens
 * the explicit transaction, then the scope (SET_SCOPE_SQL with its values bound), then the
 * statement with its own parameters. Without `BEGIN`, PostgreSQL runs the messages before the Sync
 * as one implicit transaction: the scope holds for the statement and dies with it.
 *
 * The leading statements are unnamed, like the statement itself: nothing is left prepared on the
 * server session, so no later statement on the pooled connection can replace what runs here.
 * Their answers (the scope's row, a CommandComplete for it and for BEGIN) are skipped, so the caller
 * gets the statement's own result, as from `client.query(text, values)`. An error in any of them
 * ends the pipeline there (PostgreSQL skips to the Sync) and fails the whole query.
 */
export class ScopedQuery extends Query {
  /** Answers of the leading statements still to skip (one CommandComplete each). */
  private leading: number;

  constructor(
    text: string,
    values: unknown[] | undefined,
    private readonly prefix: ScopedPrefix,
    callback: (error: Error | undefined, result: QueryResult) => void,
  ) {
    // Text, not a config object: pg copies a config object property by property on every query.
    super(text, values ?? [], callback as never);
    // Extended mode even without values: the scope must travel as its own Parse/Bind/Execute.
    (this as unknown as { queryMode: string }).queryMode = 'extended';
    this.leading = prefix.begin ? 2 : 1;
  }

  /** Called by pg's `submit` inside a corked stream: every message goes out in one write. */
  prepare(connection: ProtocolWriter): void {
    if (this.prefix.begin) connection._send(BEGIN_MESSAGES);
    connection._send(this.prefix.scope);
    queryInternals.prepare.call(this, connection);
  }

  handleDataRow(message: unknown): void {
    if (this.leading === 0) queryInternals.handleDataRow.call(this, message);
  }

  handleCommandComplete(message: unknown, connection: ProtocolWriter): void {
    if (this.leading > 0) this.leading--;
    else queryInternals.handleCommandComplete.call(this, message, connection);
  }
}

/** Runs `text` with its prefix on `client` (a pg client or pool client), as `client.query` would. */
export function runScoped(
  client: { query(submittable: ScopedQuery): unknown },
  text: string,
  values: unknown[] | undefined,
  prefix: ScopedPrefix,
): Promise<QueryResult> {
  return new Promise((resolve, reject) => {
    client.query(new ScopedQuery(text, values, prefix, (error, result) => (error ? reject(error) : resolve(result))));
  });
}
