/**
 * Write generations: counters that change whenever a write that a tenant's reads could see has
 * committed, so a cache of read results (web/api/read-cache.ts) can tell a current answer from a stale
 * one without asking the database. Kept by `trackWrites`, which sees every statement: it is only
 * applied where this process is the database's only writer (the embedded database holds its data
 * directory's lock), never to a PostgreSQL server that other processes write to.
 *
 * A transaction run by withTenant for tenant T that wrote bumps T's counter: row-level security pins
 * every write of the application role to `tenant_id = T` (test/write-generations-rls.test.ts checks
 * that for every table the role may write). Any other write — operator and system transactions,
 * statements outside a transaction, migrations — bumps the system counter, which every tenant's
 * token includes.
 */
import type { Database, QueryResult, ScopedQueryOptions, TransactionScope, Tx, WriteGenerationSource } from './database.ts';
import type { FollowingCheck } from './scoped-statements.ts';
import { APP_ROLE } from './tenant-scope.ts';

/**
 * A backend that runs a scoped statement and a check after it in the same transaction, in one go
 * (the embedded database): write tracking asks its question inside the statement's own transaction.
 */
export interface ScopedQueryThenCheck {
  scopedQueryThenCheck<Row, Check>(
    sql: string,
    params: readonly unknown[],
    options: ScopedQueryOptions,
    check: FollowingCheck,
  ): Promise<{ result: QueryResult<Row>; check: Check | undefined }>;
}

interface WriteCheck {
  wrote: boolean;
  scoped: boolean;
}

export class WriteGenerations implements WriteGenerationSource {
  #system = 0;
  readonly #tenants = new Map<string, number>();

  /** Changes whenever a write that tenant's reads could see has committed. */
  token(tenantId: string): string {
    return `${this.#system}.${this.#tenants.get(tenantId) ?? 0}`;
  }

  tenantWrote(tenantId: string): void {
    this.#tenants.set(tenantId, (this.#tenants.get(tenantId) ?? 0) + 1);
  }

  systemWrote(): void {
    this.#system += 1;
  }
}

/**
 * Whether the transaction wrote anything (PostgreSQL assigns a transaction id on the first write,
 * row lock included), and whether it is still the application role in the tenant it was opened for.
 */
const WRITE_CHECK_SQL = `SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS wrote,
  current_user = '${APP_ROLE}' AND current_setting('app.tenant_id', true) = $1 AS scoped`;

/**
 * The same database, keeping `writeGenerations` current: one statement at the end of every transaction
 * asks whether it wrote; every statement outside a transaction counts as a system write.
 */
export function trackWrites<D extends Database>(inner: D & Partial<ScopedQueryThenCheck>): D {
  const generations = new WriteGenerations();
  // Counted once the commit has returned (or failed after writing: counting then is only cautious).
  const count = (check: WriteCheck | undefined, scope: TransactionScope | undefined) => {
    if (!check?.wrote) return;
    if (scope && check.scoped) generations.tenantWrote(scope.tenantId);
    else generations.systemWrote();
  };
  // A scoped statement is tracked only where the backend runs the check in its transaction; else
  // callers open a transaction here (queryInTenantScope without scopedQuery).
  const { scopedQuery: _untracked, scopedQueryThenCheck: _checked, ...rest } = inner;
  const scopedQuery: Pick<Database, 'scopedQuery'> = inner.scopedQueryThenCheck
    ? {
        async scopedQuery<Row>(sql: string, params: readonly unknown[], options: ScopedQueryOptions): Promise<QueryResult<Row>> {
          const { result, check } = await inner.scopedQueryThenCheck!<Row, WriteCheck>(sql, params, options, {
            sql: WRITE_CHECK_SQL,
            params: [options.scope?.tenantId ?? ''],
          });
          count(check, options.scope);
          return result;
        },
      }
    : {};
  return {
    ...(rest as unknown as D),
    ...scopedQuery,
    writeGenerations: generations,
    async query(sql, params, options) {
      try {
        return await inner.query(sql, params, options);
      } finally {
        generations.systemWrote();
      }
    },
    async exec(sql) {
      try {
        await inner.exec(sql);
      } finally {
        generations.systemWrote();
      }
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>, scope?: TransactionScope): Promise<T> {
      let wrote: WriteCheck | undefined;
      try {
        return await inner.transaction(async (tx) => {
          const result = await fn(tx);
          wrote = (await tx.query<WriteCheck>(WRITE_CHECK_SQL, [scope?.tenantId ?? ''])).rows[0];
          return result;
        }, scope);
      } finally {
        count(wrote, scope);
      }
    },
  };
}
