import { beforeAll, describe, expect, it } from 'vitest';
import { exceptionsOfType, insertOrder, insertPayment, insertSku, liveOnly } from '../testing/exception-fixtures.ts';
import { useRuleTestTenant } from '../testing/rule-test-tenant.ts';

const { tenant, detectInTenant } = useRuleTestTenant();
let sku: string;

beforeAll(async () => {
  sku = await tenant.run((tx) => insertSku(tx, 'TEE'));
});

const detect = (orderId: string) => detectInTenant({ orderIds: [orderId] });
const live = async (orderId: string) =>
  liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'payment_mismatch'))).filter((row) => row.order_id === orderId);

describe('payment_mismatch', () => {
  it('raises on a double capture, dedupes, and resolves once the duplicate is refunded', async () => {
    const order = await tenant.run(async (tx) => {
      const created = await insertOrder(tx, {
        number: '10311',
        status: 'released',
        total: 129.9,
        lines: [{ skuId: sku, quantity: 1, unitPrice: 129.9 }],
      });
      await insertPayment(tx, created.id, { reference: 'ch_1', captured: 129.9 });
      await insertPayment(tx, created.id, { reference: 'ch_2', captured: 129.9 });
      return created;
    });
    await detect(order.id);
    await detect(order.id);
    const [raised, ...others] = await live(order.id);
    expect(others).toHaveLength(0);
    expect(raised!.evidence).toMatchObject({
      kind: 'over_capture',
      captured: 259.8,
      orderTotal: 129.9,
      difference: 129.9,
      captureCount: 2,
    });
    expect(raised!.severity).toBe('high');

    await tenant.run((tx) => tx.query(`UPDATE payments SET amount_refunded = 129.9, status = 'refunded' WHERE psp_reference = 'ch_2'`));
    const report = await detect(order.id);
    expect(report.resolved).toEqual([raised!.id]);
    expect(await live(order.id)).toHaveLength(0);
  });

  it('writes the amounts in the order title in the order currency', async () => {
    const order = await tenant.run(async (tx) => {
      const created = await insertOrder(tx, {
        number: 'MED#31025',
        status: 'released',
        total: 84,
        lines: [{ skuId: sku, quantity: 1, unitPrice: 84 }],
      });
      await tx.query(`UPDATE orders SET currency = 'EUR' WHERE id = $1`, [created.id]);
      await insertPayment(tx, created.id, { reference: 'ch_eur', captured: 96.5 });
      return created;
    });
    await detect(order.id);
    const [raised] = await live(order.id);
    expect(raised!.title).toBe('Order MED#31025: captured €96.50 against total €84.00');
  });

  it('ignores differences within the $0.05 tolerance and refunds tied to returns', async () => {
    const order = await tenant.run(async (tx) => {
      const created = await insertOrder(tx, {
        number: '10312',
        status: 'closed',
        total: 50,
        lines: [{ skuId: sku, quantity: 1, unitPrice: 50 }],
      });
      const payment = await insertPayment(tx, created.id, { reference: 'ch_3', captured: 50.04, refunded: 20 });
      const location = (
        await tx.query<{ id: string }>(
          `INSERT INTO locations (tenant_id, code, name, kind) VALUES (copilot_tenant_id(), 'RET', 'RET', 'warehouse') RETURNING id`,
        )
      ).rows[0]!.id;
      const rma = (
        await tx.query<{ id: string }>(
          `INSERT INTO returns (tenant_id, rma_number, order_id, location_id, status) VALUES (copilot_tenant_id(), 'RMA-1', $1, $2, 'closed') RETURNING id`,
          [created.id, location],
        )
      ).rows[0]!.id;
      await tx.query(
        `INSERT INTO refunds (tenant_id, order_id, payment_id, return_id, amount, currency, reason) VALUES (copilot_tenant_id(), $1, $2, $3, 20, 'USD', 'return')`,
        [created.id, payment, rma],
      );
      return created;
    });
    await detect(order.id);
    expect(await live(order.id)).toHaveLength(0);
  });

  it('raises an over-capture above $500 as critical, and money kept on a cancelled order', async () => {
    const big = await tenant.run(async (tx) => {
      const created = await insertOrder(tx, {
        number: '10313',
        status: 'validated',
        total: 400,
        lines: [{ skuId: sku, quantity: 1, unitPrice: 400 }],
      });
      await insertPayment(tx, created.id, { reference: 'ch_4', captured: 1000 });
      return created;
    });
    await detect(big.id);
    expect((await live(big.id))[0]).toMatchObject({ severity: 'critical' });

    const cancelled = await tenant.run(async (tx) => {
      const created = await insertOrder(tx, {
        number: '10314',
        status: 'cancelled',
        total: 30,
        lines: [{ skuId: sku, quantity: 1, unitPrice: 30 }],
      });
      await insertPayment(tx, created.id, { reference: 'ch_5', captured: 30 });
      return created;
    });
    await detect(cancelled.id);
    expect((await live(cancelled.id))[0]!.evidence).toMatchObject({ kind: 'captured_on_cancelled_order', difference: 30 });
  });

  it('raises an under-capture and resolves when the balance is captured', async () => {
    const order = await tenant.run(async (tx) => {
      const created = await insertOrder(tx, {
        number: '10315',
        status: 'shipped',
        total: 80,
        lines: [{ skuId: sku, quantity: 1, unitPrice: 80 }],
      });
      await insertPayment(tx, created.id, { reference: 'ch_6', authorized: 80, captured: 60 });
      return created;
    });
    await detect(order.id);
    expect((await live(order.id))[0]!.evidence).toMatchObject({ kind: 'under_capture', difference: -20 });
    await tenant.run((tx) => tx.query(`UPDATE payments SET amount_captured = 80 WHERE psp_reference = 'ch_6'`));
    await detect(order.id);
    expect(await live(order.id)).toHaveLength(0);
  });
});
