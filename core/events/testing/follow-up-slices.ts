import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { ADDRESS, seedDomainFixture } from '../../domain/test-fixtures.ts';
import { registerExceptionDetection } from '../../exceptions/register-exception-detection.ts';
import { setExceptionStatus } from '../../exceptions/set-exception-status.ts';
import { withTenant } from '../../db/tenant-scope.ts';
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

  /** Three fresh tenants for a case that compares detection with one by one (earlier cases' exceptions differ by design). */
  async function freshTenants(slug: string) {
    oneByOne = await seedDomainFixture(db, `${slug}-one-by-one`);
    inSlices = await seedDomainFixture(db, `${slug}-in-slices`);
    handlerByHandler = await seedDomainFixture(db, `${slug}-handler-by-handler`);
  }

  const DETECTION_TABLES = ['exceptions', 'exception_events', 'outbox_messages'];
  const sorted = (rows: unknown[] | undefined) => (rows ?? []).map((row) => JSON.stringify(row)).sort();
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

  it('cancellations of paid orders: several raise in one slice, an open one is refreshed, closed ones stay closed or are superseded, one fails mid-slice', async () => {
    await freshTenants('paid');
    const capture = (orderNumber: string, amount: number) =>
      event('payment.captured', { orderNumber, psp: 'stripe', pspReference: `pi_${orderNumber}`, amount });
    const filters = (orderNumber: string, quantity: number) => order(orderNumber, [['FILTER-100', quantity]]);
    await applyBoth([
      [receive('FILTER-100', 'WH-EAST', 60)],
      [
        filters('P-1', 1),
        filters('P-2', 2),
        filters('P-3', 1),
        filters('P-4', 5),
        filters('P-5', 5),
        filters('P-6', 5),
        filters('P-7', 1),
        filters('P-8', 1),
      ],
      // Paid in full (P-1, P-2, P-3, P-7, P-8); P-4, P-5 and P-6 under-captured (payment_mismatch, medium), several in one slice.
      [
        capture('P-1', 12.5),
        capture('P-2', 25),
        capture('P-3', 12.5),
        capture('P-4', 60),
        capture('P-5', 60),
        capture('P-6', 20),
        capture('P-7', 12.5),
        capture('P-8', 12.5),
      ],
    ]);
    // A person closes P-5's and P-6's while the cause persists: not raised again unless it gets worse.
    for (const tenant of [oneByOne, inSlices, handlerByHandler]) {
      await withTenant(db, tenant.id, async (tx) => {
        const open = await tx.query<{ id: string }>(
          `SELECT e.id FROM exceptions e JOIN orders o ON o.id = e.order_id WHERE o.number = ANY($1::text[]) AND e.type = 'payment_mismatch'`,
          [['P-5', 'P-6']],
        );
        expect(open.rows).toHaveLength(2);
        for (const { id } of open.rows) await setExceptionStatus(tx, id, 'resolved', { actor: 'rep@example.com', note: 'customer agreed' });
      });
    }
    const counts = await applyBoth([
      // New captured_on_cancelled_order for P-1, P-2 (and P-3 after the failure); P-4's open one refreshed and
      // raised to high ($60 kept); an unknown order fails in the middle; P-5's closed one superseded (now high);
      // P-6's stays closed ($20 kept: still medium); P-2 again fails too.
      [cancel('P-1'), cancel('P-2'), cancel('P-4'), cancel('P-404'), cancel('P-5'), cancel('P-6'), cancel('P-2'), cancel('P-3')],
      // Nothing fails: the whole slice set-based, two raises in one statement.
      [cancel('P-7'), cancel('P-8')],
    ]);
    const expected = await tenantSnapshot(db, oneByOne.id, { since });
    const actual = await tenantSnapshot(db, inSlices.id, { since });
    type ExceptionSnapshot = {
      dedupe_key: string;
      status: string;
      severity: string;
      evidence: { kind: string };
      cause_cleared_at: unknown;
    };
    const mismatches = (expected.exceptions as ExceptionSnapshot[])
      .filter((row) => row.dedupe_key.startsWith('payment_mismatch:'))
      .map(
        (row) =>
          `${row.dedupe_key.replace('payment_mismatch:order ', '')} ${row.status} ${row.severity} ${row.evidence.kind}${row.cause_cleared_at ? ' cleared' : ''}`,
      )
      .sort();
    expect(mismatches).toEqual([
      'P-1 open medium captured_on_cancelled_order',
      'P-2 open medium captured_on_cancelled_order',
      'P-3 open medium captured_on_cancelled_order',
      'P-4 open high captured_on_cancelled_order',
      'P-5 open high captured_on_cancelled_order',
      'P-5 resolved medium under_capture cleared',
      'P-6 resolved medium under_capture',
      'P-7 open medium captured_on_cancelled_order',
      'P-8 open medium captured_on_cancelled_order',
    ]);
    expect(
      (expected.exception_events as Array<{ kind: string }>).map((row) => row.kind).filter((kind) => kind === 'severity_raised'),
    ).toHaveLength(1);
    expect((expected.dead_letter_events as unknown[]).length).toBe(2);
    expect(counts[1]![1]).toBeLessThan(counts[1]![0]);
    // Within one detection run the rules' findings come in the order of their queries (by uuid), so the
    // exception tables are compared in any order: with the same slices handler by handler, and with one by one.
    const handlerTables = await tenantSnapshot(db, handlerByHandler.id, { since });
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    for (const table of Object.keys(expected)) {
      if (!DETECTION_TABLES.includes(table)) expect({ [table]: actual[table] }).toEqual({ [table]: expected[table] });
      else {
        expect({ [table]: sorted(actual[table]) }).toEqual({ [table]: sorted(handlerTables[table]) });
        expect({ [table]: sorted(actual[table]) }).toEqual({ [table]: sorted(expected[table]) });
      }
    }
  });
}
