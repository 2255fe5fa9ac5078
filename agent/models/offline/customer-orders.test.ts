import { describe, expect, it } from 'vitest';
import type { ToolExchange } from './conversation.ts';
import { customersOrder } from './customer-orders.ts';

const exchange = (name: string, args: Record<string, unknown>, result: unknown): ToolExchange => ({
  id: name,
  name,
  args,
  outcome: { status: 'ok', result } as ToolExchange['outcome'],
});

const customer = (code: string, open: string[]): ToolExchange =>
  exchange(
    'get_customer',
    { customer: code },
    { customer: code, openOrders: open.map((orderNumber) => ({ orderNumber, status: 'released' })) },
  );
const searched = (code: string, sku: string, found: string[]): ToolExchange =>
  exchange('search_orders', { customer: code, sku }, { count: found.length, orders: found.map((orderNumber) => ({ orderNumber })) });

describe('an order named by its customer (and the product on it)', () => {
  it("is the customer's one open order", () => {
    expect(customersOrder([customer('C-7', ['W-1'])], 'C-7', undefined, "Mira's order keeps bouncing")).toBe('W-1');
    expect(customersOrder([customer('C-7', ['W-1', 'W-2'])], 'C-7', undefined, "Mira's order keeps bouncing")).toBeUndefined();
  });

  it('with a product named, is the one order of that customer with a line of it, whatever the open orders', () => {
    const exchanges = [customer('C-7', ['W-1', 'W-2']), searched('C-7', 'SK.9', ['W-2'])];
    expect(customersOrder(exchanges, 'C-7', 'SK.9', 'the zip on her lamp order is wrong')).toBe('W-2');
    expect(
      customersOrder([customer('C-7', ['W-1', 'W-2']), searched('C-7', 'SK.9', ['W-1', 'W-2'])], 'C-7', 'SK.9', 'her lamp order'),
    ).toBeUndefined();
    // Not searched yet: no guess from the open orders while the product search is still to come.
    expect(customersOrder([customer('C-7', ['W-1', 'W-2'])], 'C-7', 'SK.9', 'her lamp order')).toBeUndefined();
  });

  it('needs the word "order" and a customer', () => {
    expect(customersOrder([customer('C-7', ['W-1'])], 'C-7', undefined, 'how is Mira doing')).toBeUndefined();
    expect(customersOrder([customer('C-7', ['W-1'])], undefined, undefined, 'the order')).toBeUndefined();
  });
});
