/**
 * A tenant's read that usually runs one statement (an order, a SKU's ATS, an exception page), sent
 * as one scoped statement: on the embedded database one message to its thread instead of five
 * (BEGIN, settings, statement, write check, COMMIT each a round trip while the thread held the
 * database), on a PostgreSQL server one round trip. Row-level security is the same as withTenant's:
 * the statement runs in a transaction of its own with the role, tenant and partner settings.
 *
 * A read that turns out to need a second statement (a kit's components, a location looked up first)
 * is run again from the start inside withTenant, so all its statements share one snapshot; its first
 * statement's answer is dropped. Only for reads: the function may run twice.
 */
import type { Database, QueryOptions, QueryResult, Tx } from './database.ts';
import { queryInTenantScope, withTenant } from './tenant-scope.ts';

/** Thrown into a one-statement read at its second statement; readInTenant answers it by running the read in a transaction. */
class SecondStatementError extends Error {
  readonly code = 'second_statement';
  constructor() {
    super('a one-statement read ran a second statement: it runs again in a transaction');
  }
}

export async function readInTenant<T>(db: Database, tenantId: string, read: (tx: Tx) => Promise<T>): Promise<T> {
  if (!db.scopedQuery) return withTenant(db, tenantId, read);
  let statements = 0;
  const oneStatement: Tx = {
    query<Row>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<Row>> {
      statements += 1;
      if (statements > 1) return Promise.reject(new SecondStatementError());
      return queryInTenantScope<Row>(db, tenantId, sql, params, { prepare: options?.prepare ?? false });
    },
    exec() {
      statements += 2;
      return Promise.reject(new SecondStatementError());
    },
  };
  try {
    const answer = await read(oneStatement);
    // Also when the read caught the error itself: an answer built across two snapshots is not kept.
    if (statements <= 1) return answer;
  } catch (error) {
    if (statements <= 1) throw error;
  }
  return withTenant(db, tenantId, read);
}
