/**
 * Write generations: what committed writes changed, so a cache of read results (web/api/read-cache.ts)
 * can tell a current answer from a stale one without asking the database. Kept by `trackWrites`, which
 * sees every statement: it is only applied where this process is the database's only writer (the
 * embedded database holds its data directory's lock), never to a PostgreSQL server that other processes
 * write to.
 *
 * Every counted write gets the next number of one sequence. A read marks the sequence before its
 * transaction begins; its answer stays current while no write numbered after the mark changed what the
 * answer depends on. What a tenant transaction changed is its write notes: every write statement on a
 * tracked table notes tokens in a transaction-local setting (core/migrations/0021_write_notes.sql) —
 * `order:<id>`, `sku:<id>`, `customer:<id>`, `table:<name>`, or `*` (anything) — read by the same
 * statement that asks whether the transaction wrote. A transaction run by withTenant for tenant T that
 * wrote changes only T's data: row-level security pins every write of the application role to
 * `tenant_id = T` (write-generations.test.ts checks that for every table the role may write). An
 * operator transaction (asOperator: the operator role, which may not change the schema) changed what it
 * noted, in whichever tenant: keys are unique across tenants, and a table's note stands for every
 * tenant's rows (a key's `last_used_at`, written once a minute per key, no longer drops every cached
 * answer). Any other write — system transactions, statements outside a transaction, migrations, a
 * transaction that left its role — may have changed anything of every tenant.
 */
import type { Database, QueryResult, ScopedQueryOptions, TransactionScope, Tx, WriteGenerationSource } from './database.ts';
import type { FollowingCheck } from './scoped-statements.ts';
import { APP_ROLE, OPERATOR_ROLE } from './tenant-scope.ts';

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
  /** The transaction's write notes ('' when it wrote nothing a trigger noted). */
  notes: string | null;
  /** Still the operator role (asOperator): no DDL, and its writes note what they changed in any tenant. */
  operator: boolean;
}

interface TenantWrites {
  /** The last write that may have changed anything of the tenant. */
  all: number;
  /** The last write that noted each token. */
  notes: Map<string, number>;
}

/** Past this many distinct tokens a tenant's notes are dropped and counted as one write of anything. */
const MAX_NOTES_PER_TENANT = 100_000;

export class WriteGenerations implements WriteGenerationSource {
  #sequence = 0;
  /** The last write that may have changed anything of every tenant. */
  #system = 0;
  /**
   * Operator transactions' notes, for every tenant: the keys are ids unique across tenants and a
   * table's note applies to each tenant's rows in it, so what one noted is all it can have changed.
   */
  readonly #operator: TenantWrites = { all: 0, notes: new Map() };
  readonly #tenants = new Map<string, TenantWrites>();

  mark(): number {
    return this.#sequence;
  }

  changedSince(tenantId: string, since: number, dependencies: readonly string[]): boolean {
    if (this.#system > since) return true;
    if (dependencies.some((token) => (this.#operator.notes.get(token) ?? 0) > since)) return true;
    const tenant = this.#tenants.get(tenantId);
    if (!tenant) return false;
    if (tenant.all > since) return true;
    return dependencies.some((token) => (tenant.notes.get(token) ?? 0) > since);
  }

  /**
   * A committed write of tenantId's transaction with its notes. No notes (a write no trigger noted: a
   * row lock, a table without notes) or `*` counts as a change of anything of the tenant.
   */
  tenantWrote(tenantId: string, notes = '*'): void {
    let tenant = this.#tenants.get(tenantId);
    if (!tenant) {
      tenant = { all: 0, notes: new Map() };
      this.#tenants.set(tenantId, tenant);
    }
    if (!record(tenant, ++this.#sequence, notes)) tenant.all = this.#sequence;
  }

  /**
   * A committed operator transaction with its notes: what it noted, in every tenant. No notes or `*`
   * (or more than are kept) counts as a change of anything of every tenant.
   */
  operatorWrote(notes: string): void {
    if (!record(this.#operator, ++this.#sequence, notes)) this.#system = this.#sequence;
  }

  systemWrote(): void {
    this.#system = ++this.#sequence;
    this.#operator.notes.clear();
    this.#tenants.clear();
  }
}

/** Records notes under sequence; false (and the notes cleared) when they stand for anything. */
function record(writes: TenantWrites, sequence: number, notes: string): boolean {
  const tokens = notes.split(' ').filter((token) => token !== '');
  if (tokens.length > 0 && !tokens.includes('*')) {
    for (const token of tokens) writes.notes.set(token, sequence);
    if (writes.notes.size <= MAX_NOTES_PER_TENANT) return true;
  }
  writes.notes.clear();
  return false;
}

/**
 * Whether the transaction wrote anything (PostgreSQL assigns a transaction id on the first write,
 * row lock included), whether it is still the application role in the tenant it was opened for, and
 * what its write statements noted.
 */
const WRITE_CHECK_SQL = `SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS wrote,
  current_user = '${APP_ROLE}' AND current_setting('app.tenant_id', true) = $1 AS scoped,
  current_setting('copilot.writes', true) AS notes, current_user = '${OPERATOR_ROLE}' AS operator`;

/**
 * The same database, keeping `writeGenerations` current: one statement at the end of every transaction
 * asks whether it wrote; every statement outside a transaction counts as a system write.
 */
export function trackWrites<D extends Database>(inner: D & Partial<ScopedQueryThenCheck>): D {
  const generations = new WriteGenerations();
  // Counted once the commit has returned (or failed after writing: counting then is only cautious).
  const count = (check: WriteCheck | undefined, scope: TransactionScope | undefined) => {
    if (!check?.wrote) return;
    if (scope && check.scoped) generations.tenantWrote(scope.tenantId, check.notes ?? '');
    else if (check.operator) generations.operatorWrote(check.notes ?? '');
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
          // Kept prepared: it ends every transaction, and its plan is one Result node whatever the tenant.
          wrote = (await tx.query<WriteCheck>(WRITE_CHECK_SQL, [scope?.tenantId ?? ''], { prepare: 'everywhere' })).rows[0];
          return result;
        }, scope);
      } finally {
        count(wrote, scope);
      }
    },
  };
}
