/**
 * The triage benchmark's database for one worker count, cloned from the built dataset: `thread` is the
 * embedded database as `copilot serve` runs it (PGlite on its own worker thread, on disk:
 * core/db/pglite-in-thread.ts), so the agent's JavaScript and the SQL run on different cores and lanes
 * overlap; `memory` (the default) is PGlite in memory on the bench's own thread, as before session 10.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Database } from '../core/db/database.ts';
import { openMemoryPglite } from '../core/db/pglite.ts';
import { openPgliteInThread } from '../core/db/pglite-in-thread.ts';

export const TRIAGE_DATABASES = ['thread', 'memory'] as const;
export type TriageDatabaseKind = (typeof TRIAGE_DATABASES)[number];

export interface BenchDatabase {
  db: Database;
  close(): Promise<void>;
}

/** A fresh clone of the dumped dataset, in memory or on disk behind the database thread. */
export async function openBenchDatabase(kind: TriageDatabaseKind, dump: Blob): Promise<BenchDatabase> {
  if (kind === 'memory') {
    const db = await openMemoryPglite(dump);
    return { db, close: () => db.close() };
  }
  const directory = await mkdtemp(join(tmpdir(), 'copilot-bench-triage-'));
  try {
    // Unpack the dump into a data directory (the layout openPgliteInThread opens: <dir>/pgdata), then serve it from the thread.
    const unpack = await PGlite.create({ dataDir: join(directory, 'pgdata'), loadDataDir: dump, extensions: { vector } });
    await unpack.close();
    const db = await openPgliteInThread(directory);
    return {
      db,
      async close() {
        try {
          await db.close();
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
