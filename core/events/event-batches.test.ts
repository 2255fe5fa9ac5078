import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDatabase } from '../db/pglite.ts';
import { createTestDb } from '../testing/test-db.ts';
import { createTenant } from '../tenants/tenants.ts';
import { claimSlice, enqueueEventBatch, findEventBatch, pendingBatchPerTenant, recordSlice } from './event-batches.ts';

const location = (index: number) => ({
  id: `loc-${index}`,
  type: 'location.upserted',
  occurredAt: '2026-01-01T00:00:00Z',
  data: { code: `L-${index}`, name: `L ${index}`, kind: 'warehouse' },
});

describe('stored event batches', () => {
  let db: PgliteDatabase;
  let tenantId: string;
  beforeAll(async () => {
    db = await createTestDb();
    tenantId = (await createTenant(db, { slug: 'batch-co', name: 'Batch Co', timezone: 'UTC' })).id;
  });
  afterAll(() => db.close());

  it('hands out a tenant’s batches in arrival order, one process at a time, and records results slice by slice', async () => {
    const events = Array.from({ length: 30 }, (_, index) => location(index));
    const first = await enqueueEventBatch(db, tenantId, { body: JSON.stringify({ events }), total: 30 });
    const second = await enqueueEventBatch(db, tenantId, { body: JSON.stringify({ events: events.slice(0, 2) }), total: 2 });

    expect(await pendingBatchPerTenant(db, 'process-a')).toEqual([{ id: first, tenantId }]);
    const slice = await claimSlice(db, { id: first, tenantId }, { owner: 'process-a', size: 25, leaseSeconds: 60 });
    expect(slice).toMatchObject({ start: 0, events: events.slice(0, 25) });

    // Another process neither takes the leased batch nor skips ahead to the tenant's next one.
    expect(await pendingBatchPerTenant(db, 'process-b')).toEqual([]);
    expect(await claimSlice(db, { id: first, tenantId }, { owner: 'process-b', size: 25, leaseSeconds: 60 })).toBeUndefined();

    await recordSlice(
      db,
      slice!,
      slice!.events.map((_, index) => ({ index, status: 'applied' as const, eventId: `loc-${index}\u0000` })),
      'process-a',
    );
    const midway = await findEventBatch(db, tenantId, first);
    expect(midway).toMatchObject({ status: 'pending', processed: 25, applied: 25 });
    // Text PostgreSQL cannot store is escaped in the results, never refused.
    expect(midway!.results[0]).toMatchObject({ index: 0, eventId: 'loc-0\\u0000' });

    const rest = await claimSlice(db, { id: first, tenantId }, { owner: 'process-b', size: 25, leaseSeconds: 60 });
    expect(rest).toMatchObject({ start: 25, events: events.slice(25) });
    await recordSlice(
      db,
      rest!,
      rest!.events.map((_, offset) => ({ index: 25 + offset, status: 'duplicate' as const })),
      'process-b',
    );
    expect(await findEventBatch(db, tenantId, first)).toMatchObject({ status: 'done', processed: 30, applied: 25, duplicates: 5 });
    expect(await pendingBatchPerTenant(db, 'process-a')).toEqual([{ id: second, tenantId }]);
  });
});
