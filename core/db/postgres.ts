import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Database, QueryOptions, QueryResult, Tx } from './database.ts';

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
