import { describe, expect, it } from 'vitest';
import { exceptionsOfType, insertOrder, insertSku, liveOnly } from '../testing/exception-fixtures.ts';
import { RULE_TEST_NOW, useRuleTestTenant } from '../testing/rule-test-tenant.ts';
import { endOfMonth, invoiceTolerance } from './detect-invoice-mismatch.ts';

const now = RULE_TEST_NOW;
const { tenant, detectInTenant } = useRuleTestTenant({ timezone: 'America/New_York' });

describe('invoice_mismatch', () => {
  it('uses the lower of $1.00 or 0.5% as tolerance, and month-end in the tenant zone', () => {
    expect(invoiceTolerance(100)).toBe(0.5);
    expect(invoiceTolerance(5000)).toBe(1);
    expect(endOfMonth(now, 'America/New_York').toISOString()).toBe('2025-04-01T03:59:59.999Z');
  });

  it('raises when the invoice differs beyond tolerance, dedupes, resolves when corrected', async () => {
    const { order, invoiceId } = await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'BEARING');
      const created = await insertOrder(tx, {
        number: '20001',
        status: 'invoiced',
        total: 1200,
        lines: [{ skuId: sku, quantity: 100, unitPrice: 12, shipped: 100 }],
      });
      const invoice = await tx.query<{ id: string }>(
        `INSERT INTO invoices (tenant_id, order_id, invoice_number, currency, amount, posted_at) VALUES (copilot_tenant_id(), $1, 'INV-9001', 'USD', 1245.5, $2) RETURNING id`,
        [created.id, now],
      );
      return { order: created, invoiceId: invoice.rows[0]!.id };
    });
    const detect = () => detectInTenant({ invoiceIds: [invoiceId] });
    await detect();
    await detect();
    const rows = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'invoice_mismatch')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ order_id: order.id, severity: 'medium' });
    expect(rows[0]!.evidence).toMatchObject({ invoiceAmount: 1245.5, orderTotal: 1200, difference: 45.5, tolerance: 1 });

    await tenant.run((tx) => tx.query(`UPDATE invoices SET amount = 1200.4 WHERE id = $1`, [invoiceId]));
    expect((await detect()).resolved).toEqual([rows[0]!.id]);
  });
});
