import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { detectExceptions, listExceptions } from '../../core/exceptions/index.ts';
import { findCustomer } from '../../core/customers/index.ts';
import { getOrder } from '../../core/orders/index.ts';
import { capturePayment } from '../../core/payments/index.ts';
import { approveProposal, applyPolicy } from '../../policies/index.ts';
import { ALLOW_ALL_POLICY, createToolTestWorld, placeOrder, stock, type ToolTestWorld } from '../../test/support/tool-test-world.ts';

interface RefundResult {
  amount: number;
  refundableAfter: number;
  fullRefund: boolean;
}

describe('issue_refund, override_price, apply_credit_hold and release_credit_hold', () => {
  let world: ToolTestWorld;
  const refunded = (order: string) => world.run(async (tx) => (await getOrder(tx, order)).money.refunded);

  beforeAll(async () => {
    world = await createToolTestWorld();
    await world.run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 50);
      await stock(tx, 'KETTLE-1L', 'WH-EAST', 20);
      await placeOrder(tx, 'P-1', [{ sku: 'MUG-BLK', quantity: 3, unitPrice: 12 }]);
      await capturePayment(tx, { order: 'P-1', psp: 'stripe', pspReference: 'pi_p1', amount: 36 });
      await placeOrder(tx, 'P-2', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
      await placeOrder(tx, 'P-3', [{ sku: 'MUG-BLK', quantity: 2, unitPrice: 12 }]);
      await capturePayment(tx, { order: 'P-3', psp: 'stripe', pspReference: 'pi_p3', amount: 24 });
      await placeOrder(tx, 'K-1', [{ sku: 'KETTLE-1L', quantity: 10, unitPrice: 59 }], { customer: 'B2B-ACME', channel: 'b2b_portal' });
    });
  });
  afterAll(() => world.close());

  it('issues a partial refund and reports refundable amount, order value and customer to the policy', async () => {
    const outcome = await world.call('issue_refund', { order: 'P-1', amount: 10, reason: 'one mug arrived chipped' });
    expect(outcome).toMatchObject({
      status: 'executed',
      result: { orderNumber: 'P-1', amount: 10, refundableAfter: 26, fullRefund: false, capturedTotal: 36 },
    });
    expect(await world.evidence(outcome)).toMatchObject({
      amount: 10,
      refundableAmount: 36,
      capturedAmount: 36,
      refundedAmount: 0,
      fullRefund: false,
      orderValue: 36,
      customerTier: 'standard',
      creditStatus: 'ok',
      refundableAfter: 26,
    });
    expect(await refunded('P-1')).toBe(10);
  });

  it('counts the refunds on the order in the last 30 days, so a split refund meets the band of its sum', async () => {
    await world.run(async (tx) => {
      await placeOrder(tx, 'P-S', [{ sku: 'KETTLE-1L', quantity: 2, unitPrice: 59 }]);
      await capturePayment(tx, { order: 'P-S', psp: 'stripe', pspReference: 'pi_ps', amount: 118 });
    });
    await applyPolicy(world.db, world.tenant.id, readFileSync(new URL('../../policies/samples/default.yaml', import.meta.url), 'utf8'));
    onTestFinished(() => applyPolicy(world.db, world.tenant.id, ALLOW_ALL_POLICY).then(() => undefined));
    const first = await world.call('issue_refund', { order: 'P-S', amount: 40, reason: 'dented lid' });
    expect(first.status).toBe('executed');
    expect(await world.evidence(first)).toMatchObject({
      amount: 40,
      refundedLast30Days: 0,
      cumulativeRefundAmount: 40,
      refundWindowDays: 30,
    });
    // 40 + 41 = 81: the sample policy's approver band, though 41 alone is under the automatic limit of 50.
    const second = await world.call('issue_refund', { order: 'P-S', amount: 41, reason: 'the other lid too' });
    expect(second).toMatchObject({ status: 'pending_approval', decision: 'require_approval' });
    expect(await world.evidence(second)).toMatchObject({ amount: 41, refundedLast30Days: 40, cumulativeRefundAmount: 81 });
    expect(await refunded('P-S')).toBe(40);
  });

  it('never refunds more than is refundable', async () => {
    const outcome = await world.call('issue_refund', { order: 'P-1', amount: 26.01, reason: 'refund the rest and a bit' });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'precondition_failed', details: { refundable: 26 } } });
    expect(outcome.error!.message).toMatch(/exceeds what is refundable/);
    expect(outcome.proposalId).toBeUndefined();
    expect(await refunded('P-1')).toBe(10);
    // Nothing was captured on P-2: nothing is refundable.
    expect(await world.call('issue_refund', { order: 'P-2', amount: 1, reason: 'goodwill for the delay' })).toMatchObject({
      error: { code: 'precondition_failed' },
    });
  });

  it('refunds the rest in full, after which nothing more can be refunded', async () => {
    const outcome = await world.call('issue_refund', { order: 'P-1', amount: 26, reason: 'customer returned the rest' });
    expect(outcome.result as RefundResult).toMatchObject({ amount: 26, refundableAfter: 0, fullRefund: true });
    expect(await world.evidence(outcome)).toMatchObject({ fullRefund: true, refundableAmount: 26 });
    expect(await world.call('issue_refund', { order: 'P-1', amount: 0.01, reason: 'rounding difference' })).toMatchObject({
      error: { code: 'precondition_failed' },
    });
    expect(await refunded('P-1')).toBe(36);
  });

  it('rejects amounts outside the schema as validation errors', async () => {
    for (const amount of [0, -5, 10_000_001, 1.005, '10', Number.NaN]) {
      const outcome = await world.call('issue_refund', { order: 'P-3', amount, reason: 'testing limits' });
      expect(outcome).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
    }
    expect(await world.call('issue_refund', { order: 'P-3', amount: 5, reason: 'x'.repeat(501) })).toMatchObject({
      error: { code: 'validation_failed' },
    });
    expect(await world.call('issue_refund', { order: 'P-3', amount: 5 })).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('overrides a price with the facts a below-cost rule needs', async () => {
    const outcome = await world.call(
      'override_price',
      { order: 'P-3', lineNumber: 1, newUnitPrice: 10.8, reasonCode: 'PO-PROMO', reason: 'promotion SPRING10 did not apply' },
      world.principals.approver,
    );
    expect(outcome).toMatchObject({
      status: 'executed',
      result: { previousUnitPrice: 12, newUnitPrice: 10.8, changePercent: -10, lineTotalChange: -2.4, orderTotalAfter: 21.6 },
    });
    expect(await world.evidence(outcome)).toMatchObject({
      newPrice: 10.8,
      unitCost: 4,
      listPrice: 12,
      previousPrice: 12,
      changePercent: -10,
      direction: 'down',
      belowCost: false,
      amount: 2.4,
      reasonCode: 'PO-PROMO',
    });
    const same = await world.call('override_price', {
      order: 'P-3',
      lineNumber: 1,
      newUnitPrice: 10.8,
      reasonCode: 'PO-PROMO',
      reason: 'promotion SPRING10 did not apply',
    });
    expect(same).toMatchObject({ error: { code: 'precondition_failed', message: expect.stringMatching(/already costs 10.80/) } });
    expect(
      await world.call('override_price', {
        order: 'P-3',
        lineNumber: 1,
        newUnitPrice: 3,
        reasonCode: 'GOODWILL',
        reason: 'customer is nice',
      }),
    ).toMatchObject({
      error: { code: 'validation_failed' },
    });
  });

  it('reports a below-cost override as such (the sample policy denies it)', async () => {
    const outcome = await world.call(
      'override_price',
      { order: 'P-2', lineNumber: 1, newUnitPrice: 3, reasonCode: 'PO-ERROR', reason: 'pricing ticket PRC-118' },
      world.principals.admin,
    );
    expect(await world.evidence(outcome)).toMatchObject({ newPrice: 3, unitCost: 4, belowCost: true });
  });

  it('applies and releases an account credit hold; the release resolves the credit exception', async () => {
    const applied = await world.call('apply_credit_hold', { customer: 'B2B-ACME', reason: 'invoice INV-9 is 45 days past due' });
    expect(applied).toMatchObject({ status: 'executed', result: { customerCode: 'B2B-ACME', creditStatus: 'on_hold', orders: ['K-1'] } });
    expect(await world.evidence(applied)).toMatchObject({
      customerCode: 'B2B-ACME',
      customerTier: 'key_account',
      creditStatus: 'ok',
      paymentTerms: 'net_30',
      creditLimit: 5000,
      exposure: 590,
      overLimitBy: 0,
      ordersAffected: 1,
    });
    expect(await world.run(async (tx) => (await getOrder(tx, 'K-1')).status)).toBe('on_hold');
    expect(await world.call('apply_credit_hold', { customer: 'B2B-ACME', reason: 'again' })).toMatchObject({
      error: { code: 'precondition_failed', message: expect.stringMatching(/already on credit hold/) },
    });

    const exception = await world.run(async (tx) => {
      await detectExceptions(tx, { tenantId: world.tenant.id });
      const customer = await findCustomer(tx, 'B2B-ACME');
      return (await listExceptions(tx, { type: ['credit_hold'], status: 'live', customerId: customer!.id }))[0];
    });
    expect(exception).toBeDefined();

    const released = await world.call(
      'release_credit_hold',
      { customer: 'B2B-ACME', note: 'payment for INV-9 applied by finance' },
      world.principals.approver,
    );
    expect(released).toMatchObject({ status: 'executed', result: { creditStatus: 'ok', orders: ['K-1'] } });
    expect((released.result as { exceptionsResolved: string[] }).exceptionsResolved).toContain(exception!.id);
    expect(await world.evidence(released)).toMatchObject({ creditStatus: 'on_hold', amount: 590, exposure: 590, causeCleared: true });
    expect(await world.run(async (tx) => (await getOrder(tx, 'K-1')).status)).not.toBe('on_hold');
    expect(await world.call('release_credit_hold', { customer: 'B2B-ACME', note: 'ok' })).toMatchObject({
      error: { code: 'validation_failed' },
    });
    expect(await world.call('release_credit_hold', { customer: 'B2B-ACME', note: 'released twice' })).toMatchObject({
      error: { code: 'precondition_failed', message: expect.stringMatching(/not on credit hold/) },
    });
  });

  it('re-checks the refundable amount when an approved refund executes later', async () => {
    await applyPolicy(
      world.db,
      world.tenant.id,
      'format: 1\nrules:\n  - { id: refunds-approval, tool: issue_refund, decision: require_approval, approverRole: approver, reason: Refunds need an approver. }\n',
    );
    const first = await world.call('issue_refund', { order: 'P-3', amount: 15, reason: 'late delivery goodwill' });
    const second = await world.call('issue_refund', { order: 'P-3', amount: 15, reason: 'late delivery goodwill, again' });
    expect([first.status, second.status]).toEqual(['pending_approval', 'pending_approval']);
    expect(await world.evidence(second)).toMatchObject({ amount: 15, refundableAmount: 24 });
    expect(await approveProposal(world.db, world.registry, world.principals.approver, first.proposalId!)).toMatchObject({
      status: 'executed',
    });
    // Only 9 is left: executing the second would refund more than was captured, so it fails and changes nothing.
    const late = await approveProposal(world.db, world.registry, world.principals.approver, second.proposalId!);
    expect(late).toMatchObject({ status: 'failed', error: { code: 'precondition_failed' } });
    expect(await refunded('P-3')).toBe(15);
  });
});
