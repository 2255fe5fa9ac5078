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
