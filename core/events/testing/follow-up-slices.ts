import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { ADDRESS, seedDomainFixture } from '../../domain/test-fixtures.ts';
import { registerExceptionDetection } from '../../exceptions/register-exception-detection.ts';
import { type TenantSnapshot, tenantSnapshot } from '../../testing/tenant-snapshot.ts';
import type { Tenant } from '../../tenants/tenants.ts';
import { applyEvent } from '../apply-event.ts';
import { applyEvents } from '../apply-events.ts';

/**
 * Follow-up events (cancellations, stock adjustments) applied in slices, set-based where a run
 * handler takes them, leave every table of the tenant exactly as applying the same events one by
 * one does — the cases the set-based paths leave to the one-by-one path included. Exceptions are
 * detected once per slice (after all of its events), so their tables are compared with the same
 * slices applied event by event by their handlers (`setBased: false`), not with one by one.
 */
export function followUpSliceTests(open: () => Promise<{ db: Database; close: () => Promise<void> }>): void {
  let db: Database;
  let oneByOne: Tenant;
  let inSlices: Tenant;
  let handlerByHandler: Tenant;
  const statements: string[] = [];
  const since = new Date();
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await open());
    registerExceptionDetection();
    oneByOne = await seedDomainFixture(db, 'one-by-one');
    inSlices = await seedDomainFixture(db, 'in-slices');
    handlerByHandler = await seedDomainFixture(db, 'handler-by-handler');
    const transaction = db.transaction.bind(db);
    db.transaction = (fn) =>
      transaction((tx) => {
        const query = tx.query.bind(tx);
        return fn(
          Object.assign(Object.create(tx), {
            query: (sql: string, params?: unknown[]) => {
              statements.push(sql);
              return query(sql, params);
            },
          }),
        );
      });
  });
  afterAll(() => close?.());

  let sequence = 0;
  const at = (minute: number) => new Date(Date.UTC(2025, 4, 1, 9, minute)).toISOString();
  const event = (type: string, data: Record<string, unknown>) => ({ id: `e-${++sequence}`, type, occurredAt: at(sequence), data });
  const order = (orderNumber: string, lines: Array<[string, number]>, customerCode = 'C-1001') =>
    event('order.created', {
      orderNumber,
      channel: 'web',
      customerCode,
      lines: lines.map(([sku, quantity]) => ({ sku, quantity, unitPrice: 12.5 })),
      shippingAddress: ADDRESS,
    });
  const receive = (sku: string, location: string, quantity: number) => event('inventory.received', { sku, location, quantity });
  const cancel = (orderNumber: string) => event('order.cancelled', { orderNumber, reason: 'customer asked' });

  /** Applies each slice to one tenant event by event and to the other in slices; statements of each, per slice. */
  async function applyBoth(slices: unknown[][]): Promise<Array<[number, number]>> {
    const counts: Array<[number, number]> = [];
    for (const slice of slices) {
      statements.length = 0;
      for (const one of slice) await applyEvent(db, oneByOne.id, one, { source: 'test' });
      const single = statements.length;
      statements.length = 0;
      await applyEvents(
        db,
        inSlices.id,
        slice.map((input) => ({ input })),
        { source: 'test' },
      );
      counts.push([single, statements.length]);
      await applyEvents(
        db,
        handlerByHandler.id,
        slice.map((input) => ({ input })),
        { source: 'test', setBased: false },
      );
    }
    return counts;
  }

  const DETECTION_TABLES = ['exceptions', 'exception_events', 'outbox_messages'];
  /** State tables as one by one leaves them; exception tables as the same slices handler by handler leave them. */
  async function expectSameTables(oneByOneTables: TenantSnapshot, inSlicesTables: TenantSnapshot, handlerTables: TenantSnapshot) {
    expect(Object.keys(inSlicesTables)).toEqual(Object.keys(oneByOneTables));
    for (const table of Object.keys(oneByOneTables)) {
      const expected = DETECTION_TABLES.includes(table) ? handlerTables[table] : oneByOneTables[table];
      expect({ [table]: inSlicesTables[table] }).toEqual({ [table]: expected });
    }
  }

  it('cancellations: holds, released and backordered orders, kits, a waiting backorder, an invalid event and failures in the slice', async () => {
    const counts = await applyBoth([
      [
        receive('MUG-BLK', 'WH-EAST', 6),
        receive('MUG-BLK', 'WH-WEST', 2),
        receive('KETTLE-1L', 'WH-WEST', 5),
        receive('FILTER-100', 'WH-EAST', 20),
        receive('FILTER-100', 'WH-WEST', 5),
      ],
      [
        order('C-1', [['MUG-BLK', 2]]),
        order('C-2', [
          ['MUG-BLK', 3],
          ['FILTER-100', 1],
        ]),
        order('C-3', [['KETTLE-1L', 1]]),
        order('C-6', [['FILTER-100', 2]]),
        order('C-7', [['FILTER-100', 1]], 'B2B-ACME'),
        order('C-8', [['FILTER-100', 1]]),
        order('C-9', [
          ['FILTER-100', 1],
          ['KETTLE-1L', 1],
        ]),
        order('C-10', [['FILTER-100', 3]]),
      ],
      [
        event('address.validation_failed', { orderNumber: 'C-6', reason: 'no such street', field: 'line1' }),
        event('payment.captured', { orderNumber: 'C-3', psp: 'stripe', pspReference: 'pi_c3', amount: 12.5 }),
      ],
      [
        // Held, released (paid) and on account terms; a stock adjustment of a SKU they free; an
        // invalid event, an unknown order and the same order twice in the middle.
        cancel('C-6'),
        cancel('C-3'),
        event('inventory.adjusted', { sku: 'FILTER-100', location: 'WH-EAST', delta: -1, reasonCode: 'DMG' }),
        { id: `e-${++sequence}`, type: 'order.cancelled', occurredAt: at(sequence), data: { orderNumber: 'C-7' } },
        cancel('C-7'),
        cancel('C-404'),
        cancel('C-3'),
        cancel('C-8'),
      ],
      // Nothing waits for what these free: the whole slice set-based.
      [cancel('C-9'), cancel('C-10')],
      // A kit order reserved at one location; an order left waiting for mugs (backordered).
      [order('C-4', [['BREW-KIT', 1]]), order('C-5', [['MUG-BLK', 5]]), order('C-11', [['KETTLE-1L', 1]])],
      // Kettles: nothing waits for them, set-based. Mugs: C-5 waits, so cancelling C-1 and C-2 allocates
      // to it (one by one, in the order of the events); then the kit.
      [cancel('C-11'), cancel('C-1'), cancel('C-2'), cancel('C-4')],
    ]);
    const expected = await tenantSnapshot(db, oneByOne.id, { since });
    const actual = await tenantSnapshot(db, inSlices.id, { since });
    const statusOf = (snapshot: typeof expected, number: string) =>
      (snapshot.orders as Array<{ number: string; status: string }>).find((row) => row.number === number)?.status;
    expect(['C-1', 'C-3', 'C-4', 'C-5', 'C-6', 'C-7', 'C-9', 'C-11'].map((number) => statusOf(expected, number))).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'reserved',
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect((expected.dead_letter_events as unknown[]).length).toBe(3);
    expect(counts[4]![1]).toBeLessThan(counts[4]![0] / 2);
    await expectSameTables(expected, actual, await tenantSnapshot(db, handlerByHandler.id, { since }));
  });

  it('stock adjustments: counts, damage, found stock, non-sellable statuses, a new balance, refusals and a waiting backorder', async () => {
    const adjust = (sku: string, location: string, change: Record<string, unknown>) =>
      event('inventory.adjusted', { sku, location, ...change });
    const counts = await applyBoth([
      [
        // The same SKU and location again and again: each sees what the one before left.
        adjust('FILTER-100', 'WH-EAST', { delta: -2, reasonCode: 'DMG' }),
        adjust('FILTER-100', 'WH-EAST', { countedQuantity: 9, reasonCode: 'CC' }),
        adjust('FILTER-100', 'WH-EAST', { delta: 3, reasonCode: 'FOUND', note: 'behind the rack' }),
        adjust('FILTER-100', 'WH-EAST', { status: 'damaged', delta: -1, reasonCode: 'SCRAP', reference: 'SCRAP-1' }),
        adjust('FILTER-100', 'WH-EAST', { countedQuantity: 12, reasonCode: 'CC' }),
        // No balance there yet (a store): created.
        adjust('KETTLE-1L', 'STORE-NYC', { delta: 2, reasonCode: 'FOUND' }),
        adjust('KETTLE-1L', 'STORE-NYC', { status: 'quarantine', delta: 1, reasonCode: 'FOUND' }),
      ],
      [
        adjust('MUG-BLK', 'WH-WEST', { delta: -1, reasonCode: 'LOST' }),
        // Refused: damage that adds, a kit, an unknown SKU, more than quarantine holds; then more that apply.
        adjust('MUG-BLK', 'WH-WEST', { delta: 1, reasonCode: 'DMG' }),
        adjust('BREW-KIT', 'WH-WEST', { delta: -1, reasonCode: 'LOST' }),
        adjust('TEAPOT-404', 'WH-WEST', { delta: -1, reasonCode: 'LOST' }),
        adjust('KETTLE-1L', 'STORE-NYC', { status: 'quarantine', delta: -5, reasonCode: 'SCRAP' }),
        adjust('KETTLE-1L', 'STORE-NYC', { status: 'quarantine', delta: -1, reasonCode: 'SCRAP' }),
        { id: `e-${++sequence}`, type: 'inventory.adjusted', occurredAt: at(sequence), data: { sku: 'MUG-BLK', location: 'WH-WEST' } },
        adjust('MUG-BLK', 'WH-WEST', { delta: -1, reasonCode: 'LOST' }),
      ],
      // An order left waiting for kettles; stock found elsewhere goes to it (one by one), the rest set-based.
      [order('C-12', [['KETTLE-1L', 20]])],
      [
        adjust('FILTER-100', 'WH-WEST', { delta: -1, reasonCode: 'DMG' }),
        adjust('KETTLE-1L', 'WH-EAST', { delta: 25, reasonCode: 'FOUND' }),
        adjust('KETTLE-1L', 'WH-EAST', { delta: -1, reasonCode: 'DMG' }),
        cancel('C-12'),
        adjust('KETTLE-1L', 'WH-EAST', { countedQuantity: 3, reasonCode: 'CC' }),
      ],
      [adjust('FILTER-100', 'WH-WEST', { delta: -1, reasonCode: 'DMG' }), adjust('MUG-BLK', 'WH-EAST', { delta: -1, reasonCode: 'DMG' })],
    ]);
    const expected = await tenantSnapshot(db, oneByOne.id, { since });
    const actual = await tenantSnapshot(db, inSlices.id, { since });
    const statusOf = (number: string) =>
      (expected.orders as Array<{ number: string; status: string }>).find((row) => row.number === number)?.status;
    expect(statusOf('C-12')).toBe('cancelled');
    // Four refused adjustments and an invalid one, on top of the cancellations' three.
    expect((expected.dead_letter_events as unknown[]).length).toBe(8);
    expect(counts[0]![1]).toBeLessThan(counts[0]![0] / 2);
    expect(counts[4]![1]).toBeLessThan(counts[4]![0] / 2);
    await expectSameTables(expected, actual, await tenantSnapshot(db, handlerByHandler.id, { since }));
  });
}
