import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Database, QueryOptions, QueryResult, ScopedQueryOptions, Tx } from './database.ts';
import { quoteLiteral, sqlLiteral } from './sql-literal.ts';

// Same value shapes as the PGlite backend: counts and money as JS numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));

/**
 * A prepared statement's name: a hash of its text, so one name never stands for two texts on a
 * connection (pg refuses that). The memo only saves hashing; it is emptied when full.
 */
const statementNames = new Map<string, string>();
const MAX_STATEMENT_NAMES = 512;

export function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `copilot_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    if (statementNames.size >= MAX_STATEMENT_NAMES) statementNames.clear();
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * The name a statement is PREPAREd under in SQL (scoped queries). Protocol-level and SQL-level
 * prepared statements share one namespace per session, so the two kinds get different prefixes.
 */
export function sqlStatementName(sql: string): string {
  return statementName(sql).replace('copilot_', 'copilot_sql_');
}

/** SQL-level prepared statements per connection (a pooled connection keeps its session). */
const preparedInSql = new WeakMap<pg.PoolClient, Set<string>>();

/**
 * BEGIN, the settings, the statement and COMMIT in one simple-protocol message: one round trip
 * instead of four. The statement is PREPAREd in SQL the first time a connection runs it and
 * EXECUTEd with its values as literals after that, so PostgreSQL parses it once per connection and
 * may keep a generic plan, as a protocol-level prepared statement would. If the connection's
 * session lost or already has the statement (a pooler, a restart), the message is sent once more
 * with or without the PREPARE.
 */
async function runScoped<Row>(
  client: pg.PoolClient,
  sql: string,
  params: readonly unknown[],
  options: ScopedQueryOptions,
  retried = false,
): Promise<QueryResult<Row>> {
  const name = sqlStatementName(sql);
  let prepared = preparedInSql.get(client);
  if (!prepared) {
    prepared = new Set();
    preparedInSql.set(client, prepared);
  }
  const fresh = !prepared.has(name);
  const statements = [options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN'];
  if (options.settings.length) {
    statements.push(
      `SELECT ${options.settings.map(([setting, value]) => `set_config(${quoteLiteral(setting)}, ${quoteLiteral(value)}, true)`).join(', ')}`,
    );
  }
  if (fresh) statements.push(`PREPARE ${name} AS ${sql}`);
  statements.push(params.length ? `EXECUTE ${name} (${params.map(sqlLiteral).join(', ')})` : `EXECUTE ${name}`);
  statements.push('COMMIT');
  try {
    const results = (await client.query(statements.join(';\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
    if (fresh) prepared.add(name);
    const list = Array.isArray(results) ? results : [results];
    const result = list[list.length - 2]!;
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    const code = (error as { code?: unknown }).code;
    // 26000: not prepared on this session after all; 42P05: prepared already.
    if (!retried && ((code === '26000' && !fresh) || (code === '42P05' && fresh))) {
      if (code === '26000') prepared.delete(name);
      else prepared.add(name);
      return runScoped(client, sql, params, options, true);
    }
    throw error;
  }
}

function adapt(client: pg.Pool | pg.PoolClient): Tx {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<Row>> {
      const result = options?.prepare
        ? await client.query({ name: statementName(sql), text: sql, values: params as unknown[] })
        : await client.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      // No parameters: the simple query protocol accepts several statements.
      await client.query(sql);
    },
  };
}

export interface PostgresOptions {
  connectionString: string;
  maxConnections?: number;
}

/** A PostgreSQL server through a `pg` pool (DATABASE_URL). Safe for many processes at once. */
export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    application_name: 'ops-copilot',
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const base = adapt(pool);
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async ping() {
      await pool.query('SELECT 1');
    },
    async scopedQuery<Row>(sql: string, params: readonly unknown[], options: ScopedQueryOptions): Promise<QueryResult<Row>> {
      const client = await pool.connect();
      try {
        return await runScoped<Row>(client, sql, params, options);
      } finally {
        client.release();
      }
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(adapt(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
