/**
 * The one small interface every folder uses to reach PostgreSQL, whichever backend serves it:
 * PGlite (embedded, default) or a `pg` pool (DATABASE_URL). Parameterised queries only.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/** A connection inside an open transaction. */
export interface Tx extends Queryable {
  /** Runs several statements without parameters (migrations only). */
  exec(sql: string): Promise<void>;
}

export type BackendKind = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly kind: BackendKind;
  /** Runs fn in one transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Resolves when the database answers. Health checks use it: the embedded database on its thread
   * answers between statements, without queueing behind a running batch; a server answers `SELECT 1`.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}
