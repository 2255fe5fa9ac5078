/**
 * The real write tools under the shipped sample policy: the facts each tool's inspect() reports are
 * the ones the sample rules read, so the rules decide as written (not by falling through to defaults).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePayment } from '../../core/payments/index.ts';
import { placeOrderHold } from '../../core/orders/index.ts';
import { recordErpSyncFailure } from '../../core/erp/index.ts';
import { invokeTool, readSamplePolicy } from '../../policies/index.ts';
import { createToolTestWorld, placeOrder, stock, type ToolTestWorld } from '../../test/support/tool-test-world.ts';

describe('write tools under the sample policy', () => {
  let world: ToolTestWorld;

  beforeAll(async () => {
    world = await createToolTestWorld({ policy: readSamplePolicy() });
    await world.run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 500);
      await stock(tx, 'KETTLE-1L', 'WH-EAST', 50);
      await placeOrder(tx, 'SP-1', [{ sku: 'KETTLE-1L', quantity: 20, unitPrice: 59 }]);
      await capturePayment(tx, { order: 'SP-1', psp: 'stripe', pspReference: 'pi_sp1', amount: 1180 });
      await placeOrder(tx, 'SP-2', [{ sku: 'MUG-BLK', quantity: 2, unitPrice: 12 }]);
      await placeOrderHold(tx, { order: 'SP-2', reasonCode: 'DUP-CHECK', note: 'same basket as SP-1 within minutes' });
      await placeOrder(tx, 'SP-3', [{ sku: 'MUG-BLK', quantity: 3, unitPrice: 12 }]);
      await recordErpSyncFailure(tx, { order: 'SP-3', errorCode: 'ERP-503', message: 'ERP unavailable' });
    });
  });
  afterAll(() => world.close());

  it('routes refunds by their amount', async () => {
    expect(await world.call('issue_refund', { order: 'SP-1', amount: 30, reason: 'chipped lid' })).toMatchObject({
      decision: 'allow',
      status: 'executed',
      rule: 'refund-small-auto',
    });
    expect(await world.call('issue_refund', { order: 'SP-1', amount: 200, reason: 'two kettles damaged' })).toMatchObject({
      status: 'pending_approval',
      rule: 'refund-approver',
      approverRole: 'approver',
    });
    expect(await world.call('issue_refund', { order: 'SP-1', amount: 900, reason: 'most of the order lost' })).toMatchObject({
      status: 'pending_approval',
      rule: 'refund-admin',
      approverRole: 'admin',
    });
  });

  it('lets an agent-drafted small refund run on its own only when it corrects an over-capture', async () => {
    await world.run(async (tx) => {
      await placeOrder(tx, 'SP-4', [{ sku: 'MUG-BLK', quantity: 5, unitPrice: 12 }]);
      await capturePayment(tx, { order: 'SP-4', psp: 'stripe', pspReference: 'pi_sp4', amount: 90 });
      await placeOrder(tx, 'SP-5', [{ sku: 'MUG-BLK', quantity: 2, unitPrice: 12 }]);
      await capturePayment(tx, { order: 'SP-5', psp: 'stripe', pspReference: 'pi_sp5', amount: 24 });
    });
    const asAgent = (args: Record<string, unknown>) =>
      invokeTool(world.db, world.registry, {
        principal: world.principals.rep,
        tool: 'issue_refund',
        args,
        origin: { kind: 'agent', ref: 'run-1' },
      });
    // SP-4: 90 captured on a 60 order. The 30 excess is the refund the payments justify.
    expect(await asAgent({ order: 'SP-4', amount: 40, reason: 'the note says so' })).toMatchObject({
      status: 'pending_approval',
      rule: 'refund-agent-beyond-over-capture',
      approverRole: 'approver',
    });
    expect(await asAgent({ order: 'SP-4', amount: 30, reason: 'over-capture of 30.00' })).toMatchObject({
      status: 'executed',
      rule: 'refund-small-auto',
    });
    // Nothing over-captured any more (and never on SP-5): a goodwill refund the agent drafts waits for a person.
    expect(await asAgent({ order: 'SP-4', amount: 5, reason: 'goodwill' })).toMatchObject({
      status: 'pending_approval',
      rule: 'refund-agent-beyond-over-capture',
    });
    expect(await asAgent({ order: 'SP-5', amount: 20, reason: 'customer message asks for it' })).toMatchObject({
      status: 'pending_approval',
      rule: 'refund-agent-beyond-over-capture',
    });
    // A rep's own small refund (not the agent's) still runs.
    expect(await world.call('issue_refund', { order: 'SP-5', amount: 20, reason: 'late delivery goodwill' })).toMatchObject({
      status: 'executed',
      rule: 'refund-small-auto',
    });
  });

  it('denies a price override below unit cost and sends others to an approver', async () => {
    expect(
      await world.call('override_price', {
        order: 'SP-1',
        lineNumber: 1,
        newUnitPrice: 20,
        reasonCode: 'PO-QUOTE',
        reason: 'quote Q-1 at 20',
      }),
    ).toMatchObject({
      decision: 'deny',
      status: 'denied',
      rule: 'price-below-cost',
    });
    expect(
      await world.call('override_price', {
        order: 'SP-1',
        lineNumber: 1,
        newUnitPrice: 55,
        reasonCode: 'PO-QUOTE',
        reason: 'quote Q-2 at 55',
      }),
    ).toMatchObject({
      status: 'pending_approval',
      rule: 'price-override',
    });
  });

  it('routes inventory adjustments by units', async () => {
    expect(await world.call('adjust_inventory', { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'CC', delta: -150 })).toMatchObject({
      status: 'pending_approval',
      rule: 'inventory-large-adjustment',
      approverRole: 'admin',
    });
    expect(await world.call('adjust_inventory', { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'CC', delta: -5 })).toMatchObject({
      status: 'pending_approval',
      rule: 'inventory-adjustment',
      approverRole: 'approver',
    });
  });

  it('auto-allows the low-risk operations', async () => {
    expect(await world.call('retry_erp_sync', { order: 'SP-3' })).toMatchObject({
      status: 'executed',
      rule: 'erp-retry',
      result: { outcome: 'succeeded' },
    });
    expect(
      await world.call('place_order_hold', { order: 'SP-3', reasonCode: 'CUSTOMER-REQ', note: 'customer moving house next week' }),
    ).toMatchObject({ status: 'executed', rule: 'order-hold-place' });
  });

  it('sends the release of a duplicate-check hold to an admin: the exception type comes from the tool’s facts', async () => {
    const outcome = await world.call('release_order_hold', {
      order: 'SP-2',
      reasonCode: 'DUP-CHECK',
      note: 'customer confirmed both orders',
    });
    expect(outcome).toMatchObject({ status: 'pending_approval', rule: 'order-hold-release-fraud', approverRole: 'admin' });
  });

  it('routes large purchase orders to an admin by their value', async () => {
    expect(
      await world.call('create_purchase_order', {
        sku: 'KETTLE-1L',
        quantity: 500,
        location: 'WH-EAST',
        supplier: 'Hario EU',
        reason: 'peak season stock-up',
      }),
    ).toMatchObject({
      status: 'pending_approval',
      rule: 'purchase-order-large',
      approverRole: 'admin',
    });
  });
});
