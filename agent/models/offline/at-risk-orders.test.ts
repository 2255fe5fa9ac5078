import { describe, expect, it } from 'vitest';
import type { ToolExchange } from './conversation.ts';
import { atRiskOrdersLine, skusBehindExceptions } from './at-risk-orders.ts';

const exchange = (name: string, args: Record<string, unknown>, result: unknown): ToolExchange => ({
  id: name,
  name,
  args,
  outcome: { status: 'ok', result } as ToolExchange['outcome'],
});

const live = exchange(
  'list_exceptions',
  { status: 'live', sort: 'severity' },
  {
    count: 3,
    exceptions: [
      { type: 'payment_mismatch', title: 'Order A-3: captured 98 against 49', entities: { orderNumber: 'A-3' } },
      {
        type: 'stock_conflict',
        title: 'SKU TY-1 at DTK: 4 units promised beyond stock',
        entities: { skuCode: 'TY-1', locationCode: 'DTK' },
      },
      { type: 'late_shipment_risk', title: 'Order A-5 likely to ship late', entities: { orderNumber: 'A-5' } },
    ],
  },
);

describe('orders at risk', () => {
  it('asks for the orders behind an exception that names only a SKU', () => {
    expect(skusBehindExceptions([live])).toEqual(['TY-1']);
  });

  it('names each order with why, the causes of a late shipment first, and leaves shipped ones out', () => {
    const behind = exchange(
      'search_orders',
      { sku: 'TY-1' },
      {
        orders: [
          { orderNumber: 'H-19', status: 'released' },
          { orderNumber: 'H-07', status: 'shipped' },
        ],
      },
    );
    const line = atRiskOrdersLine([live, behind]) ?? '';
    expect(line.indexOf('A-5')).toBeLessThan(line.indexOf('H-19'));
    expect(line.indexOf('H-19')).toBeLessThan(line.indexOf('A-3'));
    expect(line).toMatch(/H-19 — waiting for TY-1 \(stock_conflict at DTK/);
    expect(line).not.toContain('H-07');
    expect(line).toContain('[tool:search_orders:TY-1]');
  });

  it('says nothing when no exception was read', () => {
    expect(atRiskOrdersLine([])).toBeUndefined();
  });
});
