import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { Database } from './database.ts';
import { ALL_MIGRATION_GROUPS } from './migration-groups.ts';
import { migrate, type MigrationReport } from './migrate.ts';
import { openPgliteInThread, type EmbeddedOpenOptions } from './pglite-in-thread.ts';

/**
 * Opens the configured backend: PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite on its own
 * thread (`embedded` tunes that start; a server ignores it).
 */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'COPILOT_DATA_DIR' | 'DATABASE_POOL_SIZE'>,
  embedded: EmbeddedOpenOptions = {},
): Promise<Database> {
  if (config.DATABASE_URL) {
    // Loaded only here: the `pg` driver is ~30 module files a cold command on the embedded database never needs.
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres({ connectionString: config.DATABASE_URL, maxConnections: config.DATABASE_POOL_SIZE });
  }
  return openPgliteInThread(resolve(config.COPILOT_DATA_DIR), embedded);
}

/** Applies every migration group (core and knowledge index). */
export function migrateAll(db: Database, onApplied?: (name: string) => void): Promise<MigrationReport> {
  return migrate(db, ALL_MIGRATION_GROUPS, (migration) => onApplied?.(`${migration.group}/${migration.name}`));
}
