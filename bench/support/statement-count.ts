/** A Database that counts the statements run through it (transactions included): statements per request, load-independent. */
import type { Database, ScopedQueryOptions, Tx } from '../../core/db/database.ts';

export interface CountedDatabase {
  db: Database;
  /** Statements since the last reset. */
  readonly count: number;
  reset(): void;
}

export function countStatements(inner: Database): CountedDatabase {
  let count = 0;
  const wrap = (tx: Tx): Tx => ({
    ...tx,
    query(sql, params, options) {
      count += 1;
      return tx.query(sql, params, options);
    },
  });
  const db: Database = {
    ...inner,
    query(sql, params, options) {
      count += 1;
      return inner.query(sql, params, options);
    },
    // One message on a PostgreSQL server, but BEGIN, the settings, the statement and COMMIT all the same.
    ...(inner.scopedQuery
      ? {
          scopedQuery<Row>(sql: string, params: readonly unknown[], options: ScopedQueryOptions) {
            count += 3 + (options.settings.length ? 1 : 0);
            return inner.scopedQuery!<Row>(sql, params, options);
          },
        }
      : {}),
    // BEGIN and COMMIT are statements too.
    transaction(fn, scope) {
      count += 2;
      return inner.transaction((tx) => fn(wrap(tx)), scope);
    },
  };
  return {
    db,
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
  };
}
