/**
 * The follow-up slice comparisons (core/events/testing/follow-up-slices.ts) on a real PostgreSQL 15:
 * the set-based cancellation and adjustment statements (data-modifying CTEs, row locks over joins)
 * leave exactly what one-by-one application leaves there too.
 */
import { describe } from 'vitest';
import { migrate } from '../../core/db/migrate.ts';
import { CORE_MIGRATION_GROUPS } from '../../core/db/migration-groups.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { followUpSliceTests } from '../../core/events/testing/follow-up-slices.ts';
import { startPostgres } from './postgres-server.ts';

describe('applyEvents on PostgreSQL: follow-up events in slices leave exactly what one by one leaves', () =>
  followUpSliceTests(async () => {
    const server = await startPostgres();
    const db = openPostgres({ connectionString: server.connectionString, maxConnections: 2 });
    await migrate(db, CORE_MIGRATION_GROUPS);
    return {
      db,
      async close() {
        await db.close();
        await server.stop();
      },
    };
  }));
