import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { ADDRESS, seedDomainFixture } from '../domain/test-fixtures.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { onEventApplied } from './after-event-hooks.ts';
import { applyEvent } from './apply-event.ts';
import { listDeadLetters } from './dead-letters.ts';
import type { InboundEventInput } from './event-schemas.ts';
import { replayDeadLetters } from './replay-dead-letters.ts';

const at = (minute: number) => new Date(Date.UTC(2025, 4, 1, 9, minute)).toISOString();
const created = (id: string, orderNumber: string, sku = 'MUG-BLK'): InboundEventInput => ({
  id,
  type: 'order.created',
  occurredAt: at(0),
  data: { orderNumber, channel: 'web', customerCode: 'C-1001', lines: [{ sku, quantity: 1, unitPrice: 12 }], shippingAddress: ADDRESS },
});

describe('applyEvent', () => {
  let db: Database;
  let tenant: Tenant;
  const count = (sql: string) => withTenant(db, tenant.id, async (tx) => (await tx.query<{ n: number }>(sql)).rows[0]!.n);

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await applyEvent(db, tenant.id, {
      id: 'rcv-1',
      type: 'inventory.received',
      occurredAt: at(0),
      data: { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 5 },
    });
  });
  afterAll(() => db.close());

  it('applies an event once and reports the redelivery as a duplicate', async () => {
    const first = await applyEvent(db, tenant.id, created('evt-1', 'W-100'));
    expect(first).toMatchObject({ status: 'applied', duplicate: false, eventId: 'evt-1', type: 'order.created' });
    const again = await applyEvent(db, tenant.id, created('evt-1', 'W-100'));
    expect(again).toMatchObject({ status: 'duplicate', duplicate: true });
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE number = 'W-100'`)).toBe(1);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.number = 'W-100' AND e.type = 'order_captured'`,
      ),
    ).toBe(1);
  });

  it('reports what a follow-up event touched: the order, its customer and the SKUs of its lines', async () => {
    await applyEvent(db, tenant.id, created('evt-touch-1', 'W-140'));
    const paid = await applyEvent(db, tenant.id, {
      id: 'evt-touch-2',
      type: 'payment.authorized',
      occurredAt: at(5),
      data: { orderNumber: 'W-140', psp: 'stripe', pspReference: 'pi_touch_1', amount: 12 },
    });
    const expected = await withTenant(db, tenant.id, async (tx) => {
      const order = (await tx.query<{ id: string; customer_id: string }>(`SELECT id, customer_id FROM orders WHERE number = 'W-140'`))
        .rows[0]!;
      const sku = (await tx.query<{ id: string }>(`SELECT id FROM skus WHERE code = 'MUG-BLK'`)).rows[0]!;
      return { orderIds: [order.id], customerIds: [order.customer_id], skuIds: [sku.id] };
    });
    expect(paid).toMatchObject({ status: 'applied', touched: expected });
  });

  it('uses the event time for the business timestamps and links order events to the event id', async () => {
    const row = await withTenant(
      db,
      tenant.id,
      async (tx) =>
        (
          await tx.query<{ placed_at: Date; event_id: string }>(
            `SELECT o.placed_at, e.event_id FROM orders o JOIN order_events e ON e.order_id = o.id WHERE o.number = 'W-100' LIMIT 1`,
          )
        ).rows[0]!,
    );
    expect(row).toEqual({ placed_at: new Date(at(0)), event_id: 'evt-1' });
  });

  it('dead-letters an invalid body with the field that is wrong, and keeps going', async () => {
    const result = await applyEvent(db, tenant.id, {
      id: 'bad-1',
      type: 'order.created',
      occurredAt: at(1),
      data: {
        orderNumber: 'W-101',
        channel: 'web',
        customerCode: 'C-1001',
        lines: [{ sku: 'MUG-BLK', quantity: -1, unitPrice: 12 }],
        shippingAddress: ADDRESS,
      },
    });
    expect(result.status).toBe('dead_lettered');
    if (result.status !== 'dead_lettered') return;
    expect(result.invalid).toBe(true);
    expect(result.error.issues?.map((issue) => issue.path)).toContain('data.lines.0.quantity');
    const unknownType = await applyEvent(db, tenant.id, { id: 'bad-2', type: 'order.teleported', occurredAt: at(1), data: {} });
    expect(unknownType.status).toBe('dead_lettered');
    const notJson = await applyEvent(db, tenant.id, 'this is not an event');
    expect(notJson).toMatchObject({ status: 'dead_lettered', eventId: null });
  });

  it('dead-letters an unknown SKU with the reason, rolls back, and replays it once the SKU exists', async () => {
    const result = await applyEvent(db, tenant.id, created('evt-2', 'W-102', 'TEAPOT-9'));
    expect(result).toMatchObject({
      status: 'dead_lettered',
      invalid: false,
      error: { code: 'not_found', message: 'sku TEAPOT-9 not found' },
    });
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE number = 'W-102'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM inbound_events WHERE event_id = 'evt-2'`)).toBe(0);
    // A redelivery of the same failing event adds an attempt, not a second dead letter.
    await applyEvent(db, tenant.id, created('evt-2', 'W-102', 'TEAPOT-9'));
    const letters = (await listDeadLetters(db, { tenantId: tenant.id })).filter((letter) => letter.eventId === 'evt-2');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ attempts: 2, errorCode: 'not_found', eventType: 'order.created', status: 'pending' });

    const stillFailing = await replayDeadLetters(db, { tenantId: tenant.id, ids: [letters[0]!.id] });
    expect(stillFailing).toMatchObject({ replayed: 0, stillFailing: 1 });

    await applyEvent(db, tenant.id, {
      id: 'sku-1',
      type: 'sku.upserted',
      occurredAt: at(2),
      data: { code: 'TEAPOT-9', name: 'Cast iron teapot', price: 40 },
    });
    const replayed = await replayDeadLetters(db, { tenantId: tenant.id, ids: [letters[0]!.id] });
    expect(replayed).toMatchObject({ replayed: 1, stillFailing: 0, results: [{ outcome: 'replayed', eventId: 'evt-2' }] });
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE number = 'W-102'`)).toBe(1);
    const after = await listDeadLetters(db, { tenantId: tenant.id, ids: [letters[0]!.id], status: 'all' });
    expect(after[0]).toMatchObject({ status: 'replayed', attempts: 3 });
    expect(after[0]!.replayedAt).toBeInstanceOf(Date);
  });

  it('dead-letters an illegal state transition', async () => {
    const result = await applyEvent(db, tenant.id, {
      id: 'ship-early',
      type: 'shipment.created',
      occurredAt: at(3),
      data: { shipmentId: 'SH-X', orderNumber: 'W-100', location: 'WH-EAST', carrier: 'UPS', lines: [{ sku: 'MUG-BLK', quantity: 1 }] },
    });
    expect(result).toMatchObject({ status: 'dead_lettered', error: { code: 'illegal_transition' } });
  });

  it('runs hooks in the event transaction; a failing hook rolls the event back into the dead letters', async () => {
    const seen: Array<{ type: string; orders: number; visible: number }> = [];
    const off = onEventApplied(async (tx, applied) => {
      const visible = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE id = ANY($1::uuid[])`, [
        applied.touched.orderIds,
      ]);
      seen.push({ type: applied.event.type, orders: applied.touched.orderIds.length, visible: visible.rows[0]!.n });
    });
    await applyEvent(db, tenant.id, created('evt-3', 'W-103'));
    off();
    expect(seen).toEqual([{ type: 'order.created', orders: 1, visible: 1 }]);

    const offFailing = onEventApplied(async () => {
      throw new Error('detector exploded');
    });
    const failed = await applyEvent(db, tenant.id, created('evt-4', 'W-104'));
    offFailing();
    expect(failed).toMatchObject({ status: 'dead_lettered', error: { code: 'internal', message: 'detector exploded' } });
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE number = 'W-104'`)).toBe(0);
  });

  it('refuses NUL and unpaired surrogates before the database, naming the field, and always stores the dead letter', async () => {
    const nul = created('evt-nul', 'W-NUL');
    (nul.data as { notes?: string }).notes = 'a\u0000b';
    const result = await applyEvent(db, tenant.id, nul);
    expect(result).toMatchObject({ status: 'dead_lettered', invalid: true, eventId: 'evt-nul', error: { code: 'validation_failed' } });
    if (result.status !== 'dead_lettered') return;
    expect(result.error.issues).toEqual([{ path: 'data.notes', message: expect.stringContaining('NUL') }]);
    const surrogate = await applyEvent(db, tenant.id, { ...created('evt-sur', 'W-SUR'), extra: { 'k\ud800': 1, v: 'x\udc00' } });
    expect(surrogate).toMatchObject({ status: 'dead_lettered', error: { code: 'validation_failed' } });
    if (surrogate.status !== 'dead_lettered') return;
    expect(surrogate.error.issues?.map((issue) => issue.path)).toEqual(['extra.k\\uD800', 'extra.v']);

    // The dead letter keeps the event exactly (replay applies it) and a readable, storable copy.
    const [letter] = await listDeadLetters(db, { tenantId: tenant.id, ids: [result.deadLetterId] });
    expect(letter).toMatchObject({ eventId: 'evt-nul', errorCode: 'validation_failed' });
    expect(letter!.payload).toEqual(nul);
    const stored = await withTenant(
      db,
      tenant.id,
      async (tx) =>
        (
          await tx.query<{ payload: { data: { notes: string } } }>(`SELECT payload FROM dead_letter_events WHERE id = $1`, [
            result.deadLetterId,
          ])
        ).rows[0]!,
    );
    expect(stored.payload.data.notes).toBe('a\\u0000b');
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE number IN ('W-NUL', 'W-SUR')`)).toBe(0);
    // Replaying it fails the same clear way; it is still one pending row with another attempt.
    expect(await replayDeadLetters(db, { tenantId: tenant.id, ids: [result.deadLetterId] })).toMatchObject({ stillFailing: 1 });
    const [again] = await listDeadLetters(db, { tenantId: tenant.id, ids: [result.deadLetterId] });
    expect(again).toMatchObject({ attempts: 2, status: 'pending' });
  });

  it('refuses input nested deeper than any event needs, and still stores the dead letter', async () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 5000; level++) deep = { d: deep };
    const result = await applyEvent(db, tenant.id, { ...created('evt-deep', 'W-DEEP'), extra: deep });
    expect(result).toMatchObject({ status: 'dead_lettered', eventId: 'evt-deep', error: { code: 'validation_failed' } });
    if (result.status !== 'dead_lettered') return;
    expect(result.error.message).toContain('nested deeper than');
  });

  it('keys a dead letter without an event id by its body hash: redelivering a broken body adds attempts, not rows', async () => {
    const body = '{"id": "evt-broken", "type": "order.created", ';
    const first = await applyEvent(db, tenant.id, body);
    const second = await applyEvent(db, tenant.id, body);
    const third = await applyEvent(db, tenant.id, 'a\u0000 not json either');
    expect(first.status === 'dead_lettered' && second.status === 'dead_lettered').toBe(true);
    if (first.status !== 'dead_lettered' || second.status !== 'dead_lettered' || third.status !== 'dead_lettered') return;
    expect(second.deadLetterId).toBe(first.deadLetterId);
    expect(third.deadLetterId).not.toBe(first.deadLetterId);
    const [letter] = await listDeadLetters(db, { tenantId: tenant.id, ids: [first.deadLetterId] });
    expect(letter).toMatchObject({ attempts: 2, payload: body, eventId: null });
    const [nul] = await listDeadLetters(db, { tenantId: tenant.id, ids: [third.deadLetterId] });
    expect(nul!.payload).toBe('a\u0000 not json either');
  });

  it('keeps tenants apart: the same event id under another tenant is a different event', async () => {
    const other = await seedDomainFixture(db, 'other-shop');
    const result = await applyEvent(db, other.id, {
      id: 'rcv-1',
      type: 'inventory.received',
      occurredAt: at(0),
      data: { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 1 },
    });
    expect(result.status).toBe('applied');
  });
});
