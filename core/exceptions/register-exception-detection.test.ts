import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { applyEvent } from '../events/index.ts';
import { createTenant } from '../tenants/tenants.ts';
import { createTestDb } from '../testing/test-db.ts';
import { listExceptions } from './list-exceptions.ts';
import { detectionTimeFor, groupByType, registerExceptionDetection } from './register-exception-detection.ts';
import { emptyTouched } from '../events/after-event-hooks.ts';

let db: Database;
let tenantId: string;
let unregister: () => void;

beforeAll(async () => {
  db = await createTestDb();
  tenantId = (await createTenant(db, { slug: 'hook-test', name: 'Hook test' })).id;
  unregister = registerExceptionDetection();
});
afterAll(async () => {
  unregister();
  await db.close();
});

let sequence = 0;
const send = (type: string, data: unknown, occurredAt = '2025-03-10T12:00:00Z', source: 'seed' | 'http' = 'seed') =>
  applyEvent(db, tenantId, { id: `evt-${++sequence}`, type, occurredAt, data }, { source });

describe('exception detection on the event path', () => {
  it('raises and resolves exceptions in the transaction of the event that changed the cause', async () => {
    expect(registerExceptionDetection()).toBe(unregister);
    await send('location.upserted', { code: 'DC', name: 'DC', kind: 'warehouse' });
    await send('sku.upserted', { code: 'VALVE', name: 'Valve', price: 40 });
    await send('inventory.received', { sku: 'VALVE', location: 'DC', quantity: 10 });
    const created = await send('order.created', {
      orderNumber: '10482',
      channel: 'edi',
      customerCode: 'KA-1',
      customerName: 'Key account',
      lines: [{ sku: 'VALVE', quantity: 2, unitPrice: 40 }],
      shippingAddress: { name: 'Dock', line1: '1 Main St', city: 'Columbus', region: 'OH', postalCode: '43215', country: 'US' },
    });
    expect(created.status).toBe('applied');
    await send('erp.sync_failed', { orderNumber: '10482', errorCode: 'ERP-503', message: 'Service unavailable' }, '2025-03-10T12:05:00Z');
    const [raised] = await withTenant(db, tenantId, (tx) => listExceptions(tx, { status: 'live' }));
    expect(raised).toMatchObject({ type: 'erp_sync_failed', codes: { orderNumber: '10482' }, evidence: { errorCode: 'ERP-503' } });
    // Replayed history is detected at the time it happened.
    expect(raised!.detectedAt.toISOString()).toBe('2025-03-10T12:05:00.000Z');

    await send('erp.sync_succeeded', { orderNumber: '10482' }, '2025-03-10T12:30:00Z');
    const after = await withTenant(db, tenantId, (tx) => listExceptions(tx, {}));
    expect(after).toEqual([
      expect.objectContaining({ id: raised!.id, status: 'resolved', resolution: expect.objectContaining({ how: 'auto' }) }),
    ]);
  });

  it('detects live deliveries now, and replayed history at the time it happened', () => {
    const event = { occurredAt: '2025-03-10T12:00:00Z' } as never;
    const now = new Date('2025-03-11T09:00:00Z');
    expect(detectionTimeFor({ event, source: 'http' }, now)).toEqual(now);
    expect(detectionTimeFor({ event, source: 'seed' }, now)).toEqual(new Date('2025-03-10T12:00:00Z'));
    expect(detectionTimeFor({ event: { occurredAt: '2025-03-12T00:00:00Z' } as never, source: 'cli' }, now)).toEqual(now);
  });

  it('groups a slice by event type: the union of touched entities, detected at the latest detection time', () => {
    const applied = (id: string, type: string, occurredAt: string, orderIds: string[], skuIds: string[]) => ({
      tenantId: 't',
      source: 'seed' as const,
      event: { id, type, occurredAt } as never,
      touched: { ...emptyTouched(), orderIds, skuIds },
    });
    const now = new Date('2025-03-11T09:00:00Z');
    const groups = groupByType(
      [
        applied('a', 'order.created', '2025-03-10T12:00:00Z', ['o1'], ['s1']),
        applied('b', 'payment.captured', '2025-03-10T12:01:00Z', ['o1'], []),
        applied('c', 'order.created', '2025-03-10T12:02:00Z', ['o2'], ['s1', 's2']),
      ],
      now,
    );
    expect(groups.map((group) => [group.type, group.touched.orderIds, group.touched.skuIds, group.now.toISOString()])).toEqual([
      ['order.created', ['o1', 'o2'], ['s1', 's2'], '2025-03-10T12:02:00.000Z'],
      ['payment.captured', ['o1'], [], '2025-03-10T12:01:00.000Z'],
    ]);
  });
});
