import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { ADDRESS, seedDomainFixture } from '../domain/test-fixtures.ts';
import { eventDetectionMetrics, registerExceptionDetection } from '../exceptions/register-exception-detection.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { onEventsApplied } from './after-event-hooks.ts';
import { applyEvent } from './apply-event.ts';
import { applyEvents } from './apply-events.ts';
import { listDeadLetters } from './dead-letters.ts';
import type { InboundEventInput } from './event-schemas.ts';

const at = (minute: number) => new Date(Date.UTC(2025, 4, 1, 9, minute)).toISOString();
const created = (id: string, orderNumber: string, sku = 'MUG-BLK', quantity = 1): InboundEventInput => ({
  id,
  type: 'order.created',
  occurredAt: at(0),
  data: { orderNumber, channel: 'web', customerCode: 'C-1001', lines: [{ sku, quantity, unitPrice: 12 }], shippingAddress: ADDRESS },
});
const deliveries = (...events: unknown[]) => events.map((input) => ({ input }));

/** Records the statements every transaction on db runs (the reason for slices: fewer of them). */
function recordStatements(db: Database): string[] {
  const statements: string[] = [];
  const transaction = db.transaction.bind(db);
  db.transaction = (fn) =>
    transaction((tx) => {
      const query = tx.query.bind(tx);
      return fn(
        Object.assign(Object.create(tx), { query: (sql: string, params?: unknown[]) => (statements.push(sql), query(sql, params)) }),
      );
    });
  return statements;
}

describe('applyEvents (a slice in one transaction)', () => {
  let db: Database;
  let tenant: Tenant;
  const count = (sql: string, params: unknown[] = []) =>
    withTenant(db, tenant.id, async (tx) => (await tx.query<{ n: number }>(sql, params)).rows[0]!.n);
  const statements: string[] = [];

  beforeAll(async () => {
    db = await createTestDb();
    registerExceptionDetection();
    tenant = await seedDomainFixture(db);
    await applyEvent(db, tenant.id, {
      id: 'rcv-1',
      type: 'inventory.received',
      occurredAt: at(0),
      data: { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 50 },
    });
    // Counts the statements each slice runs (the reason for slices: fewer of them).
    const transaction = db.transaction.bind(db);
    db.transaction = (fn) =>
      transaction((tx) => {
        const query = tx.query.bind(tx);
        return fn(
          Object.assign(Object.create(tx), { query: (sql: string, params?: unknown[]) => (statements.push(sql), query(sql, params)) }),
        );
      });
  });
  afterAll(() => db.close());

  it('applies every event of a slice with a result each, in order, and fewer statements than one by one', async () => {
    statements.length = 0;
    const results = await applyEvents(db, tenant.id, deliveries(created('s-1', 'S-101'), created('s-2', 'S-102'), created('s-3', 'S-103')));
    expect(results.map((result) => [result.status, result.eventId])).toEqual([
      ['applied', 's-1'],
      ['applied', 's-2'],
      ['applied', 's-3'],
    ]);
    const inSlice = statements.length;
    statements.length = 0;
    await applyEvent(db, tenant.id, created('s-4', 'S-104'));
    expect(inSlice).toBeLessThan(3 * statements.length);
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE number LIKE 'S-10%'`)).toBe(4);
    expect(await count(`SELECT count(*)::int AS n FROM inbound_events WHERE event_id LIKE 's-%'`)).toBe(4);
  });

  it('reports events applied before (another slice, or one by one) as duplicates', async () => {
    const results = await applyEvents(db, tenant.id, deliveries(created('s-1', 'S-101'), created('s-5', 'S-105'), created('s-4', 'S-104')));
    expect(results.map((result) => result.status)).toEqual(['duplicate', 'applied', 'duplicate']);
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE number = 'S-101'`)).toBe(1);
  });

  it('rolls a failing event back alone, dead-letters it with the reason, and applies the rest', async () => {
    const results = await applyEvents(
      db,
      tenant.id,
      deliveries(
        created('f-1', 'F-101'),
        created('f-2', 'F-102', 'TEAPOT-404'),
        { id: 'f-3', type: 'order.created', occurredAt: at(1), data: { orderNumber: 'F-103' } },
        'not json at all',
        created('f-4', 'F-104'),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(['applied', 'dead_lettered', 'dead_lettered', 'dead_lettered', 'applied']);
    expect(results[1]).toMatchObject({ invalid: false, error: { code: 'not_found', message: 'sku TEAPOT-404 not found' } });
    expect(results[2]).toMatchObject({ invalid: true, error: { code: 'validation_failed' } });
    expect(results[3]).toMatchObject({ invalid: true, eventId: null });
    // Nothing of the failed event is left: no order, no claim of its id (a fixed redelivery applies).
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE number = 'F-102'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM inbound_events WHERE event_id = 'f-2'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE number IN ('F-101', 'F-104')`)).toBe(2);
    const letters = await listDeadLetters(db, { tenantId: tenant.id });
    expect(letters.filter((letter) => ['f-2', 'f-3'].includes(letter.eventId ?? ''))).toHaveLength(2);
    for (const result of results.filter((one) => one.status === 'dead_lettered'))
      expect(letters.some((letter) => letter.id === result.deadLetterId)).toBe(true);

    // Redelivered in a later slice once the SKU exists: applied, and its dead letter marked replayed.
    const fixed = await applyEvents(
      db,
      tenant.id,
      deliveries(
        { id: 'sku-teapot', type: 'sku.upserted', occurredAt: at(2), data: { code: 'TEAPOT-404', name: 'Teapot', price: 30 } },
        created('f-2', 'F-102', 'TEAPOT-404'),
      ),
    );
    expect(fixed.map((result) => result.status)).toEqual(['applied', 'applied']);
    const after = await listDeadLetters(db, { tenantId: tenant.id, status: 'all' });
    expect(after.find((letter) => letter.eventId === 'f-2')).toMatchObject({ status: 'replayed' });
  });

  it('runs the after-event hooks once for the slice, with every applied event; a failing hook leaves each event to be applied alone', async () => {
    const calls: string[][] = [];
    const off = onEventsApplied(async (_tx, applied) => {
      calls.push(applied.map((one) => one.event.id));
    });
    await applyEvents(db, tenant.id, deliveries(created('h-1', 'H-101'), created('h-2', 'H-102')));
    off();
    expect(calls).toEqual([['h-1', 'h-2']]);

    const offFailing = onEventsApplied(async (_tx, applied) => {
      if (applied.some((one) => one.event.id === 'h-4')) throw new Error('detector exploded on h-4');
    });
    const results = await applyEvents(db, tenant.id, deliveries(created('h-3', 'H-103'), created('h-4', 'H-104'), created('h-5', 'H-105')));
    offFailing();
    expect(results.map((result) => result.status)).toEqual(['applied', 'dead_lettered', 'applied']);
    expect(results[1]).toMatchObject({ error: { code: 'internal', message: 'detector exploded on h-4' } });
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE number IN ('H-103', 'H-104', 'H-105')`)).toBe(2);
  });

  it('applies a slice that repeats an id as one by one would: the first copy applies, the second is a duplicate', async () => {
    const results = await applyEvents(db, tenant.id, deliveries(created('r-1', 'R-101'), created('r-1', 'R-101'), created('r-2', 'R-102')));
    expect(results.map((result) => result.status)).toEqual(['applied', 'duplicate', 'applied']);
  });

  it('runs detection once per event type in the slice, for the union of what those events touched', async () => {
    const before = eventDetectionMetrics.runs;
    const results = await applyEvents(
      db,
      tenant.id,
      deliveries(created('x-1', 'X-101', 'MUG-BLK', 30), created('x-2', 'X-102', 'MUG-BLK', 30), created('x-3', 'X-103')),
    );
    expect(results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    expect(eventDetectionMetrics.runs - before).toBe(1);
    // The second big order found no stock left within the same slice.
    const status = await withTenant(
      db,
      tenant.id,
      async (tx) => (await tx.query<{ status: string }>(`SELECT status FROM orders WHERE number = 'X-102'`)).rows[0]!.status,
    );
    expect(status).toBe('backordered');
  });
});

describe('applyEvents: new orders captured set-based leave exactly what one by one leaves', () => {
  let db: Database;
  let oneByOne: Tenant;
  let inSlices: Tenant;
  let statements: string[] = [];
  beforeAll(async () => {
    db = await createTestDb();
    registerExceptionDetection();
    oneByOne = await seedDomainFixture(db, 'one-by-one');
    inSlices = await seedDomainFixture(db, 'in-slices');
    statements = recordStatements(db);
  });
  afterAll(() => db.close());

  let sequence = 0;
  const event = (type: string, data: Record<string, unknown>, minute = sequence) => ({
    id: `e-${++sequence}`,
    type,
    occurredAt: at(minute),
    data,
  });
  const order = (orderNumber: string, customerCode: string, lines: Array<[string, number]>, extra: Record<string, unknown> = {}) =>
    event('order.created', {
      orderNumber,
      channel: 'web',
      customerCode,
      lines: lines.map(([sku, quantity]) => ({ sku, quantity, unitPrice: 12.5 })),
      shippingAddress: ADDRESS,
      ...extra,
    });
  const receive = (sku: string, location: string, quantity: number) => event('inventory.received', { sku, location, quantity });

  /** Everything the order path writes, with ids replaced by codes (ids differ between tenants). */
  const snapshot = (tenant: Tenant) =>
    withTenant(db, tenant.id, async (tx) => {
      const rows = async (sql: string) => (await tx.query(sql)).rows;
      return {
        orders:
          await rows(`SELECT o.number, o.channel, o.external_ref, c.code AS customer, o.status, o.hold_reason, o.held_from_status, o.currency,
                                   o.subtotal, o.discount_total, o.shipping_total, o.tax_total, o.total, o.shipping_address, o.address_status,
                                   o.promised_date, o.erp_sync_status, o.notes, o.placed_at, o.validated_at, o.reserved_at, o.released_at,
                                   o.status_changed_at, o.created_at, o.updated_at
                              FROM orders o LEFT JOIN customers c ON c.id = o.customer_id ORDER BY o.number`),
        lines:
          await rows(`SELECT o.number, l.line_number, s.code, l.quantity_ordered, l.quantity_reserved, l.quantity_shipped, l.quantity_backordered,
                                  l.quantity_cancelled, l.unit_price, l.created_at, l.updated_at
                             FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN skus s ON s.id = l.sku_id ORDER BY o.number, l.line_number`),
        reservations:
          await rows(`SELECT o.number, l.line_number, s.code AS sku, loc.code AS location, r.quantity, r.status, r.expires_at, r.created_at
                                    FROM reservations r JOIN orders o ON o.id = r.order_id JOIN order_lines l ON l.id = r.order_line_id
                                    JOIN skus s ON s.id = r.sku_id JOIN locations loc ON loc.id = r.location_id
                                   ORDER BY o.number, l.line_number, loc.code, s.code`),
        balances: await rows(`SELECT s.code AS sku, loc.code AS location, b.status, b.quantity, b.updated_at FROM inventory_balances b
                                JOIN skus s ON s.id = b.sku_id JOIN locations loc ON loc.id = b.location_id ORDER BY s.code, loc.code, b.status`),
        orderEvents: await rows(`SELECT o.number, e.type, e.from_status, e.to_status, e.actor, e.event_id, e.data, e.occurred_at
                                   FROM order_events e JOIN orders o ON o.id = e.order_id ORDER BY e.id`),
        customers: await rows(
          `SELECT code, name, email, kind, tier, payment_terms, credit_limit, currency, credit_status FROM customers ORDER BY code`,
        ),
        payments: await rows(
          `SELECT o.number, p.psp, p.psp_reference, p.method, p.currency, p.amount_authorized, p.amount_captured, p.amount_refunded, p.status,
                  p.settlement_reference, p.authorized_at, p.captured_at, p.settled_at, p.created_at, p.updated_at
             FROM payments p JOIN orders o ON o.id = p.order_id ORDER BY o.number, p.psp_reference`,
        ),
        holds: await rows(
          `SELECT o.number, h.reason_code, h.released_at FROM order_holds h JOIN orders o ON o.id = h.order_id ORDER BY o.number, h.reason_code`,
        ),
        exceptions: await rows(`SELECT type, severity, status, title, entity_codes FROM exceptions ORDER BY type, title`),
        inbound: await rows(`SELECT event_id, type, occurred_at, source FROM inbound_events ORDER BY event_id`),
        deadLetters: await rows(`SELECT event_id, error_code, status, attempts FROM dead_letter_events ORDER BY event_id`),
      };
    });

  it('orders, lines, reservations, balances, the order log, customers and exceptions are the same', async () => {
    const slices = [
      [
        event('customer.upserted', { code: 'NET-1', name: 'Net terms buyer', kind: 'business', paymentTerms: 'net_30' }),
        receive('MUG-BLK', 'WH-EAST', 5),
        receive('MUG-BLK', 'WH-WEST', 3),
        receive('KETTLE-1L', 'WH-WEST', 2),
        receive('FILTER-100', 'WH-EAST', 10),
      ],
      [
        order('Q-1', 'C-1001', [['MUG-BLK', 2]]),
        // No one location has 4 left: split 3 + 1; a customer created on the fly.
        order('Q-2', 'NEW-1', [['MUG-BLK', 4]], { customerName: 'New buyer', customerEmail: 'new@example.com' }),
        // Account terms: reserved and released at once.
        order(
          'Q-3',
          'NET-1',
          [
            ['KETTLE-1L', 1],
            ['FILTER-100', 2],
          ],
          { erpRequired: false, externalRef: 'MKT-3' },
        ),
        // A kit and a customer with a credit line: one by one, between set-based runs.
        order('Q-4', 'C-1001', [['BREW-KIT', 1]]),
        order('Q-5', 'B2B-ACME', [['MUG-BLK', 1]]),
        // Not enough anywhere: 1 reserved, the rest backordered.
        order(
          'Q-6',
          'C-1001',
          [
            ['KETTLE-1L', 5],
            ['MUG-BLK', 1],
          ],
          { promisedDate: '2025-05-03T00:00:00Z', notes: 'gift' },
        ),
        // The same new customer again; a channel total that differs from the lines.
        order('Q-7', 'NEW-1', [['FILTER-100', 1]], {
          customerName: 'New buyer',
          total: 99,
          discountTotal: 1,
          shippingTotal: 4.95,
          taxTotal: 2,
        }),
        // Nothing to pay: released without an authorisation.
        event('order.created', {
          orderNumber: 'Q-8',
          channel: 'web',
          customerCode: 'C-1001',
          lines: [{ sku: 'FILTER-100', quantity: 1, unitPrice: 0 }],
          shippingAddress: ADDRESS,
        }),
        order('Q-9', 'C-1001', [['MUG-BLK', 1]]),
      ],
      [
        order('Q-10', 'C-1001', [['FILTER-100', 1]]),
        order('Q-11', 'C-1001', [['TEAPOT-404', 1]]),
        order('Q-1', 'C-1001', [['MUG-BLK', 1]]),
        order('Q-12', 'NOBODY', [['MUG-BLK', 1]]),
        order('Q-13', 'C-1001', [['FILTER-100', 1]]),
      ],
    ];
    const counts: Array<[number, number]> = [];
    for (const slice of slices) {
      statements.length = 0;
      for (const one of slice) await applyEvent(db, oneByOne.id, one, { source: 'test' });
      const single = statements.length;
      statements.length = 0;
      await applyEvents(db, inSlices.id, deliveries(...slice), { source: 'test' });
      counts.push([single, statements.length]);
    }
    // The slice of orders took the set-based path (and the kit and credit-line orders the one-by-one path).
    expect(counts[1]![1]).toBeLessThan(counts[1]![0] / 2);
    const expected = await snapshot(oneByOne);
    const actual = await snapshot(inSlices);
    expect(expected.orders.map((row) => [row.number, row.status])).toEqual([
      ['Q-1', 'reserved'],
      ['Q-10', 'reserved'],
      ['Q-13', 'reserved'],
      ['Q-2', 'reserved'],
      ['Q-3', 'released'],
      ['Q-4', 'backordered'],
      ['Q-5', 'released'],
      ['Q-6', 'backordered'],
      ['Q-7', 'reserved'],
      ['Q-8', 'released'],
      ['Q-9', expect.any(String)],
    ]);
    expect(expected.reservations.filter((row) => row.number === 'Q-2').map((row) => [row.location, row.quantity])).toEqual([
      ['WH-EAST', 3],
      ['WH-WEST', 1],
    ]);
    expect(expected.deadLetters.map((row) => row.error_code)).toEqual(['not_found', 'conflict', 'not_found']);
    for (const key of Object.keys(expected) as Array<keyof typeof expected>)
      expect({ [key]: actual[key] }).toEqual({ [key]: expected[key] });
  });

  it('authorisations and captures applied set-based leave what one by one leaves, the cases it does not take included', async () => {
    const payment = (type: string, orderNumber: string, reference: string, amount: number, extra: Record<string, unknown> = {}) =>
      event(type, { orderNumber, psp: 'stripe', pspReference: reference, amount, ...extra });
    const slices = [
      // Stock first, alone: detection after a slice sees the state after all of its events.
      [receive('FILTER-100', 'WH-EAST', 40)],
      [
        order('P-1', 'C-1001', [['FILTER-100', 1]]),
        order('P-2', 'C-1001', [['FILTER-100', 2]]),
        order('P-3', 'C-1001', [['KETTLE-1L', 50]]),
        order('P-4', 'C-1001', [['FILTER-100', 1]]),
        order('P-5', 'C-1001', [['FILTER-100', 1]]),
        order('P-6', 'C-1001', [['FILTER-100', 3]]),
        order('P-7', 'C-1001', [['FILTER-100', 1]]),
      ],
      [
        // Covers the total: released, its reservations stop expiring.
        payment('payment.authorized', 'P-1', 'pi_1', 12.5),
        // Short of the total: stays reserved.
        payment('payment.authorized', 'P-2', 'pi_2', 10, { method: 'paypal', currency: 'USD' }),
        // Backordered: its progress is allocation, one by one; the run resumes after it.
        payment('payment.authorized', 'P-3', 'pi_3', 625),
        payment('payment.authorized', 'P-5', 'pi_5', 12.5),
        // The same order twice in a run: the second waits for the first.
        payment('payment.authorized', 'P-5', 'pi_5b', 1),
        payment('payment.authorized', 'P-6', 'pi_6', 37.5),
      ],
      [
        // Unknown order; a reference already recorded: dead letters (the slice runs again with a savepoint per event).
        payment('payment.authorized', 'P-404', 'pi_404', 1),
        payment('payment.authorized', 'P-6', 'pi_1', 37.5),
        payment('payment.authorized', 'P-7', 'pi_7', 12.5),
      ],
      [
        // A capture without an authorisation (wallets): authorised and captured at once, released.
        payment('payment.captured', 'P-4', 'pi_4', 12.5, { settlementReference: 'ST-4', settledAt: '2025-05-02T00:00:00Z' }),
        // Of an authorised, released order; an over-capture (a payment_mismatch is raised).
        payment('payment.captured', 'P-1', 'pi_1', 12.5, { settlementReference: 'ST-1' }),
        payment('payment.captured', 'P-6', 'pi_6', 40),
        payment('payment.captured', 'P-2', 'pi_2', 10),
        payment('payment.captured', 'P-7', 'pi_7', 12.5),
        // The same payment twice in a run.
        payment('payment.captured', 'P-7', 'pi_7', 0.5),
      ],
      [
        // Another order's payment: a dead letter.
        payment('payment.captured', 'P-2', 'pi_1', 12.5),
        payment('payment.captured', 'P-5', 'pi_5', 12.5),
      ],
    ];
    const lettersBefore = (await snapshot(oneByOne)).deadLetters.length;
    const counts: Array<[number, number]> = [];
    for (const slice of slices) {
      statements.length = 0;
      for (const one of slice) await applyEvent(db, oneByOne.id, one, { source: 'test' });
      const single = statements.length;
      statements.length = 0;
      await applyEvents(db, inSlices.id, deliveries(...slice), { source: 'test' });
      counts.push([single, statements.length]);
    }
    // The slices without a failing event took the set-based path (their fall-backs one by one).
    expect(counts[2]![1]).toBeLessThan(counts[2]![0] * 0.75);
    expect(counts[4]![1]).toBeLessThan(counts[4]![0] * 0.75);
    const expected = await snapshot(oneByOne);
    const actual = await snapshot(inSlices);
    expect(expected.orders.filter((row) => String(row.number).startsWith('P-')).map((row) => [row.number, row.status])).toEqual([
      ['P-1', 'released'],
      ['P-2', 'reserved'],
      ['P-3', 'backordered'],
      ['P-4', 'released'],
      ['P-5', 'released'],
      ['P-6', 'released'],
      ['P-7', 'released'],
    ]);
    // P-404 not found, pi_1 recorded already, pi_1 another order's.
    expect(expected.deadLetters.length - lettersBefore).toBe(3);
    expect(expected.exceptions.some((row) => row.type === 'payment_mismatch')).toBe(true);
    for (const key of Object.keys(expected) as Array<keyof typeof expected>)
      expect({ [key]: actual[key] }).toEqual({ [key]: expected[key] });
  });
});
