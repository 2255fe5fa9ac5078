/**
 * The embedded database as the product runs it (PGlite on its own thread, a data directory on disk,
 * every migration, exception detection registered), with one tenant; and the reference workload the
 * event numbers are compared with: one-row-per-transaction inserts into the same database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrate.ts';
import { CORE_MIGRATION_GROUPS } from '../../core/db/migration-groups.ts';
import { migrateAll } from '../../core/db/open.ts';
import { openPgliteInThread } from '../../core/db/pglite-in-thread.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { registerExceptionDetection } from '../../core/exceptions/index.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { startPostgres } from '../../test/pg/postgres-server.ts';

export interface BenchDatabase {
  db: Database;
  close(): Promise<void>;
}

/**
 * A fresh embedded database in a temporary directory; or, with `postgres`, a throwaway PostgreSQL 15
 * cluster (test/pg/postgres-server.ts) or the server at a URL. PostgreSQL gets the core migrations only
 * unless `migrations: 'all'`: events need no knowledge index; reads search runbooks (text only where the
 * server has no pgvector, as `copilot serve` runs there).
 */
export async function openBenchDatabase(
  postgres?: 'throwaway' | string,
  options: { migrations?: 'core' | 'all' } = {},
): Promise<BenchDatabase & { connectionString?: string }> {
  registerExceptionDetection();
  if (postgres) {
    const server = postgres === 'throwaway' ? await startPostgres() : undefined;
    const connectionString = server?.connectionString ?? postgres;
    const db = openPostgres({ connectionString, maxConnections: 10 });
    if (options.migrations === 'all') await migrateAll(db);
    else await migrate(db, CORE_MIGRATION_GROUPS);
    return {
      db,
      connectionString,
      async close() {
        await db.close();
        await server?.stop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'copilot-bench-events-'));
  const db = await openPgliteInThread(dir);
  await migrateAll(db);
  return {
    db,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function benchTenant(db: Database, slug: string): Promise<string> {
  return (await createTenant(db, { slug, name: slug, timezone: 'UTC' })).id;
}

/** Rows per second, one INSERT per transaction (a jsonb payload the size of an event), in the same database. */
export async function referenceRowsPerSecond(db: Database, rows: number): Promise<number> {
  // One table per process: two benchmark processes may share a PostgreSQL server.
  const table = `bench_reference_${process.pid}`;
  await db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id bigserial PRIMARY KEY, payload jsonb NOT NULL)`);
  const payload = JSON.stringify({ type: 'order.created', lines: [{ sku: 'SKU-001', quantity: 2, unitPrice: 12 }], note: 'x'.repeat(200) });
  const started = performance.now();
  for (let index = 0; index < rows; index++) {
    await db.transaction((tx) => tx.query(`INSERT INTO ${table} (payload) VALUES ($1::jsonb)`, [payload]));
  }
  const seconds = (performance.now() - started) / 1000;
  await db.exec(`DROP TABLE ${table}`);
  return rows / seconds;
}
