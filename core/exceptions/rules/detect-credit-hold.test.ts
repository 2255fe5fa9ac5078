import { beforeAll, describe, expect, it } from 'vitest';
import { exceptionsOfType, insertCustomer, insertOrder, insertSku, liveOnly } from '../testing/exception-fixtures.ts';
import { useRuleTestTenant } from '../testing/rule-test-tenant.ts';

const { tenant, detectInTenant } = useRuleTestTenant();
let sku: string;

beforeAll(async () => {
  sku = await tenant.run((tx) => insertSku(tx, 'DRILL'));
});

describe('credit_hold', () => {
  it('raises when a waiting order takes exposure over the limit, dedupes per customer, resolves on payment', async () => {
    const ids = await tenant.run(async (tx) => {
      const customer = await insertCustomer(tx, 'AC-1001', { kind: 'business', terms: 'net_30', creditLimit: 15000 });
      const invoiced = await insertOrder(tx, {
        number: '30001',
        customerId: customer,
        status: 'invoiced',
        total: 9000,
        lines: [{ skuId: sku, quantity: 1, unitPrice: 9000, shipped: 1 }],
      });
      const invoice = (
        await tx.query<{ id: string }>(
          `INSERT INTO invoices (tenant_id, order_id, invoice_number, currency, amount, due_at) VALUES (copilot_tenant_id(), $1, 'INV-1', 'USD', 9000, '2025-03-30T00:00:00Z') RETURNING id`,
          [invoiced.id],
        )
      ).rows[0]!.id;
      const waiting = await insertOrder(tx, {
        number: '30002',
        customerId: customer,
        status: 'validated',
        total: 7500,
        lines: [{ skuId: sku, quantity: 1, unitPrice: 7500 }],
      });
      return { customer, waiting, invoice };
    });
    const detect = () => detectInTenant({ orderIds: [ids.waiting.id] });
    await detect();
    await detect();
    const rows = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'credit_hold')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ customer_id: ids.customer, order_id: ids.waiting.id, severity: 'high' });
    expect(rows[0]!.evidence).toMatchObject({ triggers: ['over_limit'], creditLimit: 15000, exposure: 16500, availableCredit: -1500 });

    await tenant.run((tx) => tx.query(`UPDATE invoices SET amount_paid = 9000, status = 'paid' WHERE id = $1`, [ids.invoice]));
    const report = await detectInTenant({ invoiceIds: [ids.invoice] });
    expect(report.resolved).toEqual([rows[0]!.id]);
  });

  it('raises for an invoice more than 30 days past due; key accounts are critical', async () => {
    const ids = await tenant.run(async (tx) => {
      const customer = await insertCustomer(tx, 'KA-2001', { kind: 'business', tier: 'key_account', terms: 'net_60', creditLimit: 250000 });
      const old = await insertOrder(tx, {
        number: '30010',
        customerId: customer,
        status: 'invoiced',
        total: 500,
        lines: [{ skuId: sku, quantity: 1, unitPrice: 500, shipped: 1 }],
      });
      await tx.query(
        `INSERT INTO invoices (tenant_id, order_id, invoice_number, currency, amount, due_at) VALUES (copilot_tenant_id(), $1, 'INV-2', 'USD', 500, '2025-01-20T00:00:00Z')`,
        [old.id],
      );
      const waiting = await insertOrder(tx, {
        number: '30011',
        customerId: customer,
        status: 'captured',
        total: 100,
        lines: [{ skuId: sku, quantity: 1, unitPrice: 100 }],
      });
      return { customer, waiting };
    });
    await detectInTenant({ customerIds: [ids.customer] });
    const row = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'credit_hold'))).find((r) => r.customer_id === ids.customer);
    expect(row).toMatchObject({ severity: 'critical' });
    expect(row!.evidence).toMatchObject({ triggers: ['past_due'], oldestPastDueDays: 49 });
  });
});
