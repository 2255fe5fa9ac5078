/**
 * The product's Database interface over a PGlite instance the bench creates itself: the bench needs
 * the raw PGlite to serve it to `pg` clients (pglite-socket), which core/db/pglite.ts does not expose.
 */
import { PGlite, types } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Database, QueryResult, Tx } from '../../core/db/database.ts';

interface PGliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

const adapt = (pg: PGliteLike): Tx => ({
  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    const result = await pg.query<Row>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
  },
  async exec(sql: string): Promise<void> {
    await pg.exec(sql);
  },
});

export async function createBenchPglite(dataDir?: string): Promise<{ pglite: PGlite; db: Database }> {
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: { vector },
    parsers: { [types.INT8]: (value: string) => Number(value), [types.NUMERIC]: (value: string) => Number(value) },
  });
  const base = adapt(pglite as unknown as PGliteLike);
  const db: Database = {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    ping: async () => {
      await pglite.query('SELECT 1');
    },
    transaction: (fn) => pglite.transaction((tx) => fn(adapt(tx as unknown as PGliteLike))),
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
  return { pglite, db };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
