/**
 * No oversell under real concurrency: on PostgreSQL 15, two connections racing to reserve the last
 * unit of a SKU leave exactly one reservation; the other sees no stock (PGlite, being single
 * connection, cannot show this).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLocation } from '../../core/catalog/locations.ts';
import { requireSku } from '../../core/catalog/skus.ts';
import type { Database, Tx } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrate.ts';
import { CORE_MIGRATION_GROUPS } from '../../core/db/migration-groups.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { orderInput, seedDomainFixture, stock } from '../../core/domain/test-fixtures.ts';
import { InsufficientStockError } from '../../core/inventory/insufficient-stock-error.ts';
import { readBalances } from '../../core/inventory/move-stock.ts';
import { reserveStock } from '../../core/inventory/reserve-stock.ts';
import { createOrder } from '../../core/orders/create-order.ts';
import { getOrder } from '../../core/orders/get-order.ts';
import { progressOrder } from '../../core/orders/progress-order.ts';
import type { Tenant } from '../../core/tenants/tenants.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

describe('reservations on real PostgreSQL: two connections, one last unit', () => {
  let server: PostgresServer;
  let connectionA: Database;
  let connectionB: Database;
  let tenant: Tenant;
  const inTenant = <T>(db: Database, fn: (tx: Tx) => Promise<T>) => withTenant(db, tenant.id, fn);
  const mugBalance = () =>
    inTenant(connectionA, async (tx) => readBalances(tx, (await requireSku(tx, 'MUG-BLK')).id, (await requireLocation(tx, 'WH-EAST')).id));
  const lineOf = (number: string) => inTenant(connectionA, async (tx) => (await getOrder(tx, number)).lines[0]!.id);

  beforeAll(async () => {
    server = await startPostgres();
    // Two pools: every transaction below runs on its own server connection.
    connectionA = openPostgres({ connectionString: server.connectionString, maxConnections: 2 });
    connectionB = openPostgres({ connectionString: server.connectionString, maxConnections: 2 });
    await migrate(connectionA, CORE_MIGRATION_GROUPS);
    tenant = await seedDomainFixture(connectionA);
  });
  afterAll(async () => {
    await connectionA?.close();
    await connectionB?.close();
    await server?.stop();
  });

  it('serialises on the balance row: the second transaction waits, then finds no stock', async () => {
    await inTenant(connectionA, async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 1);
      await createOrder(tx, orderInput('RACE-A', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]));
      await createOrder(tx, orderInput('RACE-B', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]));
    });
    const [lineA, lineB] = [await lineOf('RACE-A'), await lineOf('RACE-B')];
    let signalReserved!: () => void;
    const aHasReserved = new Promise<void>((resolve) => (signalReserved = resolve));
    // A reserves the unit and keeps its transaction open; B tries meanwhile from another connection.
    const first = inTenant(connectionA, async (tx) => {
      await reserveStock(tx, { orderLineId: lineA, location: 'WH-EAST', quantity: 1 });
      signalReserved();
      await tx.query('SELECT pg_sleep(0.5)');
    });
    await aHasReserved;
    const started = Date.now();
    const second = inTenant(connectionB, (tx) => reserveStock(tx, { orderLineId: lineB, location: 'WH-EAST', quantity: 1 }));
    const [firstResult, secondResult] = await Promise.allSettled([first, second]);
    expect(firstResult.status).toBe('fulfilled');
    expect(secondResult.status).toBe('rejected');
    expect((secondResult as PromiseRejectedResult).reason).toBeInstanceOf(InsufficientStockError);
    expect((secondResult as PromiseRejectedResult).reason).toMatchObject({ requested: 1, available: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // B blocked on A's row lock
    expect(await mugBalance()).toMatchObject({ available: 0, allocated: 1 });
  });

  it('leaves exactly one reserved when two order allocations race, round after round', async () => {
    for (let round = 1; round <= 8; round++) {
      const [x, y] = [`R${round}-X`, `R${round}-Y`];
      await inTenant(connectionA, async (tx) => {
        await stock(tx, 'MUG-BLK', 'WH-EAST', 1);
        await createOrder(tx, orderInput(x, [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]));
        await createOrder(tx, orderInput(y, [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]));
      });
      const outcomes = await Promise.all([
        inTenant(connectionA, (tx) => progressOrder(tx, x)),
        inTenant(connectionB, (tx) => progressOrder(tx, y)),
      ]);
      expect(outcomes.map((order) => order.status).sort()).toEqual(['backordered', 'reserved']);
      const active = await inTenant(
        connectionA,
        async (tx) =>
          (
            await tx.query<{ n: number }>(
              `SELECT coalesce(sum(r.quantity), 0)::int AS n FROM reservations r JOIN orders o ON o.id = r.order_id WHERE o.number = ANY($1) AND r.status = 'active'`,
              [[x, y]],
            )
          ).rows[0]!.n,
      );
      expect(active).toBe(1);
      expect(await mugBalance()).toMatchObject({ available: 0, allocated: round + 1 });
    }
  });
});
