import { join } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import type { Database, QueryResult, ScopedQueryOptions, Tx } from './database.ts';
import { EmbeddedPreparedStatements } from './embedded-prepared.ts';
import { cloneSource, IN_MEMORY_SETTINGS } from './memory-clone.ts';
import { type FollowingCheck, scopedStatements } from './scoped-statements.ts';
import { startParamsFor, type SharedMemoryProfile } from './shared-memory.ts';
import { type ScopedQueryThenCheck, trackWrites } from './write-generations.ts';

// Counts and money come back as JS numbers on both backends (see postgres.ts).
const parsers = {
  [types.INT8]: (value: string) => Number(value),
  [types.NUMERIC]: (value: string) => Number(value),
};

interface PGliteLike {
  query<R>(
    sql: string,
    params?: unknown[],
    options?: { serializers?: Record<number, unknown> },
  ): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

/**
 * Byte-array parameters (a pgvector embedding in its binary form, retrieval/vector-literal.ts) go to
 * PostgreSQL in binary format, to the type's receive function, as `pg` sends them. PGlite otherwise
 * turns every parameter into text, and text floats parse slowly in WebAssembly (about 1.5 µs a
 * float: 0.4 ms per 256-dimension vector). Other parameters keep PGlite's own serializers.
 */
function binaryAwareSerializers(instance: PGlite): Record<number, unknown> {
  return new Proxy(
    {},
    {
      get: (_target, oid) => (value: unknown) =>
        ArrayBuffer.isView(value) ? value : (instance.serializers[oid as string] ?? String)(value),
    },
  );
}

function adapt(pg: PGliteLike, prepared: EmbeddedPreparedStatements, instance: PGlite): Tx {
  const run = async <Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> => {
    const binary = params.some((param) => ArrayBuffer.isView(param));
    const result = await pg.query<Row>(sql, params as unknown[], binary ? { serializers: binaryAwareSerializers(instance) } : undefined);
    return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
  };
  return {
    query: prepared.queryWith(run),
    async exec(sql: string): Promise<void> {
      await pg.exec(sql);
    },
  };
}

/** A PGlite-backed database; `dumpDataDir` clones it (tests build one migrated template per run). */
export interface PgliteDatabase extends Database {
  dumpDataDir(): Promise<Blob>;
}

function wrap(pg: PGlite, onClose: () => void): PgliteDatabase & ScopedQueryThenCheck {
  // One session: statements prepared in it serve every transaction.
  const prepared = new EmbeddedPreparedStatements();
  const base = adapt(pg, prepared, pg);
  return {
    // The same statements the database thread runs from one message (pglite-in-thread.ts), here in one transaction.
    scopedQueryThenCheck: <Row, Check>(sql: string, params: readonly unknown[], options: ScopedQueryOptions, check: FollowingCheck) =>
      pg.transaction(async (raw) => {
        const tx = adapt(raw as unknown as PGliteLike, prepared, pg);
        let result: QueryResult<Row> | undefined;
        for (const statement of scopedStatements(sql, params, options))
          result = await tx.query<Row>(statement.sql, statement.params, statement);
        const checked = await tx.query<Check>(check.sql, check.params);
        return { result: result!, check: checked.rows[0] };
      }),
    kind: 'pglite',
    dumpDataDir: () => pg.dumpDataDir('none'),
    query: base.query,
    exec: base.exec,
    ping: async () => {
      await pg.query('SELECT 1');
    },
    transaction: (fn) => pg.transaction((tx) => fn(adapt(tx as unknown as PGliteLike, prepared, pg))),
    async close() {
      try {
        if (!pg.closed) await pg.close();
      } finally {
        onClose();
      }
    },
  };
}

/** Opens (creating if needed) the embedded database under dataDir, holding its lock while open. */
export async function openPglite(dataDir: string): Promise<PgliteDatabase> {
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  try {
    const pg = await PGlite.create({ dataDir: join(dataDir, 'pgdata'), extensions: { vector }, parsers });
    return trackWrites(wrap(pg, () => lock.release()));
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * An in-memory database, optionally cloned from a dumped data directory (tests use a migrated template).
 * `sharedMemory: 'brief'` suits a short-lived clone holding little (a test file's, an eval case's).
 */
export async function openMemoryPglite(loadDataDir?: Blob, options: { sharedMemory?: SharedMemoryProfile } = {}): Promise<PgliteDatabase> {
  const defaults = [...PGlite.defaultStartParams, ...IN_MEMORY_SETTINGS.flatMap((setting) => ['-c', setting])];
  const startParams = startParamsFor(defaults, options.sharedMemory) ?? defaults;
  const pg = await PGlite.create({
    extensions: { vector },
    parsers,
    ...(loadDataDir ? { loadDataDir: await cloneSource(loadDataDir) } : {}),
    startParams,
  });
  // Nothing but this object reaches an in-memory database, so its write counts are complete.
  return trackWrites(wrap(pg, () => {}));
}

/**
 * A PGlite-backed database together with its raw PGlite instance, for a caller that also serves the
 * instance to `pg` clients over a socket (the retrieval benchmark's LangChain reference). In memory,
 * or in `dataDir` without the data-directory lock: the caller owns that directory.
 */
export async function openPgliteWithInstance(dataDir?: string): Promise<{ pglite: PGlite; db: PgliteDatabase }> {
  const pg = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { vector }, parsers });
  return { pglite: pg, db: wrap(pg, () => {}) };
}
