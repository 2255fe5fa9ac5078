/**
 * On real PostgreSQL 15 (two connections): the exceptions schema migrates, detection runs through the
 * `pg` driver, and two workers claiming at the same moment get disjoint exceptions — the second does
 * not wait for the first (FOR UPDATE SKIP LOCKED). PGlite, being single-connection, cannot show this.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { CORE_MIGRATION_GROUPS } from '../db/migration-groups.ts';
import { openPostgres } from '../db/postgres.ts';
import { asOperator } from '../db/tenant-scope.ts';
import { startPostgres, type PostgresServer } from '../../test/pg/postgres-server.ts';
import { sweepExceptions } from './sweep-exceptions.ts';
import { fixtureTenant, insertOrder, insertSku, type FixtureTenant } from './testing/exception-fixtures.ts';
import { claimExceptionsForTriage } from './triage-claims.ts';

describe('exception claims on real PostgreSQL', () => {
  let server: PostgresServer;
  let workerA: Database;
  let workerB: Database;
  let tenant: FixtureTenant;

  beforeAll(async () => {
    server = await startPostgres();
    workerA = openPostgres({ connectionString: server.connectionString, maxConnections: 2 });
    workerB = openPostgres({ connectionString: server.connectionString, maxConnections: 2 });
    await migrate(workerA, CORE_MIGRATION_GROUPS);
    tenant = await fixtureTenant(workerA, 'claims-pg', 'America/New_York');
    await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'PUMP');
      for (const number of ['90001', '90002', '90003']) {
        await insertOrder(tx, {
          number,
          status: 'released',
          erpSyncStatus: 'failed',
          erpLastError: 'ERP-503',
          lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
        });
      }
    });
  });
  afterAll(async () => {
    await workerA?.close();
    await workerB?.close();
    await server?.stop();
  });

  it('detects through the pg driver', async () => {
    const [report] = await sweepExceptions(workerA, { tenantId: tenant.tenantId });
    expect(report!.error).toBeUndefined();
    expect(report!.raised).toHaveLength(3);
  });

  it('gives concurrent claimers disjoint exceptions without waiting', async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    let claimedByA!: (ids: string[]) => void;
    const aClaimed = new Promise<string[]>((resolve) => (claimedByA = resolve));
    const first = asOperator(workerA, async (tx) => {
      const claimed = await claimExceptionsForTriage(tx, { workerId: 'worker-a', limit: 2 });
      claimedByA(claimed.map((exception) => exception.id));
      await hold; // keep the row locks while B claims
      return claimed;
    });
    const lockedByA = await aClaimed;
    const started = Date.now();
    const second = await asOperator(workerB, (tx) => claimExceptionsForTriage(tx, { workerId: 'worker-b', limit: 2 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    release();
    await first;
    expect(lockedByA).toHaveLength(2);
    expect(second).toHaveLength(1);
    expect(lockedByA).not.toContain(second[0]!.id);
  });
});
