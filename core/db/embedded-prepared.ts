/**
 * Statements kept prepared in the embedded database's one session. PGlite runs every query as the
 * unnamed statement, so each run is parsed and planned again; for the one-statement order read that
 * planning cost several times its execution (EXPLAIN ANALYZE on PGlite: planning 12–16 ms, execution
 * 4–10 ms at load 20; 50 reads 1.7–2.1 s unprepared, 0.32–0.44 s prepared; docs/benchmarks.md, reads).
 * A statement run with `prepare: 'everywhere'` is PREPAREd once per session under a name hashed from
 * its text and EXECUTEd after that with its values as literals (EXECUTE takes no bound parameters);
 * PostgreSQL then keeps a generic plan once it is no worse than the custom ones.
 *
 * PREPARE is not transactional: a statement prepared inside a transaction that rolls back stays
 * prepared (embedded-prepared.test.ts). A PREPARE that fails is forgotten, so the next run tries again.
 */
import { createHash } from 'node:crypto';
import type { QueryResult, Tx } from './database.ts';
import { sqlLiteral } from './sql-literal.ts';

/** Runs one statement on the session (inside the caller's transaction, if any). */
export type RawQuery = <Row>(sql: string) => Promise<QueryResult<Row>>;

/**
 * A statement kept prepared, as the database thread runs it (pglite-thread.mjs): PREPARE once per
 * session (the thread remembers which names it prepared), then EXECUTE with the values as literals.
 */
export interface PreparedStatementText {
  name: string;
  prepare: string;
  execute: string;
}

/** Runs one statement with bound parameters on the session. */
export type ParameterisedQuery = <Row>(sql: string, params?: readonly unknown[]) => Promise<QueryResult<Row>>;

/** Names by text: hashing a several-kilobyte read on every run costs more than looking it up. */
const names = new Map<string, string>();
const MAX_NAMES = 512;

function embeddedStatementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `copilot_embedded_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(sql, name);
  }
  return name;
}

/** Statements kept per session at most: texts built from filters are many but few are hot; past this, new ones run unprepared. */
const MAX_PREPARED = 256;

export class EmbeddedPreparedStatements {
  /** Statement name → its PREPARE (settled once the session has it). */
  readonly #prepared = new Map<string, Promise<void>>();

  constructor(private readonly limit = MAX_PREPARED) {}

  async query<Row>(
    run: RawQuery,
    sql: string,
    params: readonly unknown[],
    unprepared: () => Promise<QueryResult<Row>>,
  ): Promise<QueryResult<Row>> {
    const name = embeddedStatementName(sql);
    let preparing = this.#prepared.get(name);
    if (!preparing) {
      if (this.#prepared.size >= this.limit) return unprepared();
      preparing = run(`PREPARE ${name} AS ${sql}`).then(() => undefined);
      this.#prepared.set(name, preparing);
      preparing.catch(() => this.#prepared.delete(name));
    }
    await preparing;
    return run<Row>(params.length ? `EXECUTE ${name} (${params.map(sqlLiteral).join(', ')})` : `EXECUTE ${name}`);
  }

  /**
   * The texts for a session that prepares on its own side (the database thread, which knows what it
   * has prepared): undefined once the session holds its limit and this text is new (run it unprepared).
   */
  texts(sql: string, params: readonly unknown[]): PreparedStatementText | undefined {
    const name = embeddedStatementName(sql);
    if (!this.#prepared.has(name)) {
      if (this.#prepared.size >= this.limit) return undefined;
      this.#prepared.set(name, Promise.resolve());
    }
    return {
      name,
      prepare: `PREPARE ${name} AS ${sql}`,
      execute: params.length ? `EXECUTE ${name} (${params.map(sqlLiteral).join(', ')})` : `EXECUTE ${name}`,
    };
  }

  /** A backend's `Tx.query`: statements asking for `prepare: 'everywhere'` go through this session's prepared ones, the rest run as they are. */
  queryWith(run: ParameterisedQuery): Tx['query'] {
    return (sql, params = [], options) =>
      options?.prepare === 'everywhere'
        ? this.query(
            (text) => run(text),
            sql,
            params,
            () => run(sql, params),
          )
        : run(sql, params);
  }

  /** Statements prepared in this session so far. */
  get size(): number {
    return this.#prepared.size;
  }
}
