/**
 * The one small interface every folder uses to reach PostgreSQL, whichever backend serves it:
 * PGlite (embedded, default) or a `pg` pool (DATABASE_URL). Parameterised queries only.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * A hot statement whose text repeats with other parameters (a search): a PostgreSQL server keeps
   * it prepared per connection, so later runs skip parsing and, once PostgreSQL settles on a generic
   * plan, planning. Only for statements from a small set of texts (values as parameters): each text
   * stays prepared on every connection that ran it. `true`: on a PostgreSQL server only (the
   * embedded database runs it as the unnamed statement); `'everywhere'`: the embedded database too
   * keeps it prepared in its session (PREPARE once, then EXECUTE with the values as literals:
   * embedded-prepared.ts) — for reads by key whose plan does not depend on the values.
   */
  prepare?: boolean | 'everywhere';
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>>;
}

/** A connection inside an open transaction. */
export interface Tx extends Queryable {
  /** Runs several statements without parameters (migrations only). */
  exec(sql: string): Promise<void>;
}

export type BackendKind = 'pglite' | 'postgres';

/** A transaction-local setting (`set_config(name, value, true)`): role, tenant, scan settings. */
export type ScopeSetting = readonly [name: string, value: string];

export interface ScopedQueryOptions {
  /** Transaction-local settings applied before the statement, in order. */
  settings: readonly ScopeSetting[];
  /** Runs the transaction READ ONLY (PostgreSQL enforces it). */
  readOnly?: boolean;
  /**
   * As `QueryOptions.prepare`; a PostgreSQL server keeps every scoped statement prepared per
   * connection, the embedded database only those asking for `'everywhere'`.
   */
  prepare?: QueryOptions['prepare'];
  /** The tenant whose scope this is (write tracking counts its writes against it); none for the operator. */
  scope?: TransactionScope;
}

/** What a transaction is for: withTenant names its tenant (write tracking counts its writes against it). */
export interface TransactionScope {
  tenantId: string;
}

/** What committed writes changed (write-generations.ts). */
export interface WriteGenerationSource {
  /** The writes counted so far: marked before a read's transaction begins. */
  mark(): number;
  /**
   * Whether a write counted after `since` may have changed any of `dependencies` (write notes:
   * `order:<id>`, `sku:<id>`, `customer:<id>`, `table:<name>`) in tenantId's data, or anything of it.
   */
  changedSince(tenantId: string, since: number, dependencies: readonly string[]): boolean;
}

export interface Database extends Queryable {
  readonly kind: BackendKind;
  /** Runs fn in one transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, scope?: TransactionScope): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Resolves when the database answers. Health checks use it: the embedded database on its thread
   * answers between statements, without queueing behind a running batch; a server answers `SELECT 1`.
   */
  ping(): Promise<void>;
  /**
   * One statement in a transaction of its own after transaction-local settings, in as few round
   * trips as the backend can: a PostgreSQL server gets a single message (BEGIN, the settings, the
   * statement prepared once per connection, COMMIT); the embedded database on its thread one message
   * to the thread, which runs the whole transaction in one go. Optional: without it, callers run a
   * transaction (core/db/tenant-scope.ts `queryInTenantScope`).
   */
  scopedQuery?<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[],
    options: ScopedQueryOptions,
  ): Promise<QueryResult<Row>>;
  close(): Promise<void>;
  /**
   * Present only where this process sees every write to the database (the embedded database, whose
   * data directory it holds): read caches key their entries by it. Absent for a PostgreSQL server.
   */
  readonly writeGenerations?: WriteGenerationSource;
}
