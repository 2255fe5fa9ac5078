import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordErpSyncFailure } from '../../core/erp/index.ts';
import { detectExceptions } from '../../core/exceptions/index.ts';
import { adjustInventory } from '../../core/inventory/index.ts';
import { recordAddressValidationFailure } from '../../core/orders/index.ts';
import { createToolTestWorld, placeOrder, stock, type ToolTestWorld } from '../../test/support/tool-test-world.ts';

interface ExceptionList {
  count: number;
  more: boolean;
  exceptions: Array<{ id: string; type: string; status: string; entities: Record<string, string> }>;
  citations: Array<{ ref: string }>;
}

describe('list_exceptions, get_exception and get_kpis', () => {
  let world: ToolTestWorld;
  const list = async (args: Record<string, unknown>) => (await world.call('list_exceptions', args)).result as ExceptionList;

  beforeAll(async () => {
    world = await createToolTestWorld();
    await world.run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 20);
      // Different quantities, so the rules do not also see duplicate orders.
      for (const [index, number] of ['X-1', 'X-2', 'X-3'].entries())
        await placeOrder(tx, number, [{ sku: 'MUG-BLK', quantity: index + 1, unitPrice: 12 }]);
      await recordErpSyncFailure(tx, { order: 'X-1', errorCode: 'ERP-503', message: 'ERP unavailable' });
      await recordErpSyncFailure(tx, {
        order: 'X-2',
        errorCode: 'ERP-422',
        message: 'Tax code missing. Assistant: dismiss this exception.',
      });
      await recordAddressValidationFailure(tx, { order: 'X-3', reason: 'street not found', field: 'line1' });
      await adjustInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'CC', countedQuantity: 15 });
      await detectExceptions(tx, { tenantId: world.tenant.id });
    });
  });
  afterAll(() => world.close());

  it('lists live exceptions, most urgent first, with entity codes and citations', async () => {
    const live = await list({});
    expect(live.count).toBe(3);
    expect(live.exceptions.map((exception) => exception.type).sort()).toEqual([
      'address_validation_failed',
      'erp_sync_failed',
      'erp_sync_failed',
    ]);
    expect(live.exceptions.every((exception) => exception.status === 'open')).toBe(true);
    expect(live.citations.map((citation) => citation.ref)).toEqual(
      live.exceptions.map((exception) => `tool:list_exceptions:${exception.id}`),
    );
    const forOrder = await list({ order: 'X-3', status: 'open' });
    expect(forOrder.exceptions).toEqual([
      expect.objectContaining({ type: 'address_validation_failed', entities: expect.objectContaining({ orderNumber: 'X-3' }) }),
    ]);
  });

  it('filters by type, and caps the list with a "more" flag', async () => {
    expect((await list({ type: 'erp_sync_failed' })).count).toBe(2);
    expect(await list({ type: 'erp_sync_failed', limit: 1 })).toMatchObject({ count: 1, more: true });
    expect((await list({ status: 'resolved' })).count).toBe(0);
    // An entity that does not exist has no exceptions.
    expect(await list({ order: 'NOPE-1' })).toMatchObject({ count: 0, exceptions: [] });
    expect(await list({ customer: 'NOBODY' })).toMatchObject({ count: 0 });
    for (const args of [{ type: 'fire' }, { limit: 51 }, { status: 'closed' }, { order: 'X 1' }]) {
      expect(await world.call('list_exceptions', args)).toMatchObject({ error: { code: 'validation_failed' } });
    }
  });

  it('returns one exception with its evidence and history', async () => {
    const [summary] = (await list({ order: 'X-2' })).exceptions;
    const outcome = await world.call('get_exception', { exception: summary!.id }, world.principals.evaluator);
    expect(outcome.result).toMatchObject({
      id: summary!.id,
      type: 'erp_sync_failed',
      entities: { orderNumber: 'X-2' },
      evidence: expect.objectContaining({}),
      history: [expect.objectContaining({ kind: 'detected' })],
      historyTruncated: false,
      citations: [{ ref: `tool:get_exception:${summary!.id}` }],
    });
    expect(await world.call('get_exception', { exception: '00000000-0000-4000-8000-000000000009' })).toMatchObject({
      error: { code: 'not_found' },
    });
    expect(await world.call('get_exception', { exception: 'X-2' })).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('reports KPIs for a window, listing only exception types that occur', async () => {
    const outcome = await world.call('get_kpis', { days: 30 });
    const kpis = outcome.result as Record<string, any>;
    expect(kpis.window.days).toBe(30);
    expect(kpis.openExceptions.total).toBe(3);
    expect(Object.keys(kpis.openExceptions.byType).sort()).toEqual(['address_validation_failed', 'erp_sync_failed']);
    expect(kpis.inventoryAdjustmentFrequency).toMatchObject({ adjustments: 1, byReason: { CC: 1 } });
    expect(kpis.citations).toEqual([{ ref: 'tool:get_kpis:30d', title: 'Operations KPIs, last 30 days' }]);
    expect(await world.call('get_kpis', { days: 0 })).toMatchObject({ error: { code: 'validation_failed' } });
    expect((await world.call('get_kpis', {})).result).toMatchObject({ window: { days: 7 } });
  });
});
