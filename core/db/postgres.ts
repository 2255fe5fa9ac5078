import pg from 'pg';
import type { Database, QueryResult, Tx } from './database.ts';

// Same value shapes as the PGlite backend: counts and money as JS numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));

function adapt(client: pg.Pool | pg.PoolClient): Tx {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await client.query(sql, params as unknown[]);
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
