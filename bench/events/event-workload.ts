/**
 * Synthetic but realistic event streams for the event benchmarks: a catalog (3 locations, 60 SKUs,
 * stock everywhere), then orders from 400 customers and the 60 SKUs with a skewed (Zipf-like)
 * repetition, a few seconds apart, so the same customers and SKUs come back again and again (the
 * duplicate-order rule has partners to look at) — like a merchant in peak season.
 */
import { seededRandom } from '../support/seeded-random.ts';
const ADDRESS = { name: 'Dana Reyes', line1: '400 Market St', city: 'Philadelphia', postalCode: '19106', country: 'US' };
export const LOCATIONS = ['DC-EAST', 'DC-WEST', 'STORE-1'];
export const SKU_COUNT = 60;
export const CUSTOMER_COUNT = 400;

export type BenchEvent = { id: string; type: string; occurredAt: string; data: Record<string, unknown> };

const sku = (index: number) => `SKU-${String(index).padStart(3, '0')}`;

export function catalogEvents(prefix: string, start: Date): BenchEvent[] {
  const at = start.toISOString();
  const events: BenchEvent[] = LOCATIONS.map((code, index) => ({
    id: `${prefix}-loc-${code}`,
    type: 'location.upserted',
    occurredAt: at,
    data: { code, name: code, kind: index === 2 ? 'store' : 'warehouse' },
  }));
  for (let index = 0; index < SKU_COUNT; index++) {
    events.push({
      id: `${prefix}-sku-${index}`,
      type: 'sku.upserted',
      occurredAt: at,
      data: { code: sku(index), name: `Item ${index}`, price: 10 + (index % 40), unitCost: 5 },
    });
    for (const location of LOCATIONS) {
      events.push({
        id: `${prefix}-rcv-${index}-${location}`,
        type: 'inventory.received',
        occurredAt: at,
        data: { sku: sku(index), location, quantity: 1_000_000 },
      });
    }
  }
  return events;
}

/** A skewed pick from 0..n-1: low indexes come back far more often (popular customers and SKUs). */
function skewed(random: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(n * random() ** 2.5));
}

export interface OrderStream {
  events: BenchEvent[];
  orderNumbers: string[];
  totals: number[];
}

export function orderEvents(prefix: string, count: number, start: Date, seed = 42): OrderStream {
  const random = seededRandom(seed);
  const events: BenchEvent[] = [];
  const orderNumbers: string[] = [];
  const totals: number[] = [];
  for (let index = 0; index < count; index++) {
    const lineCount = 1 + Math.floor(random() * 3);
    const lines = new Map<string, { sku: string; quantity: number; unitPrice: number }>();
    for (let line = 0; line < lineCount; line++) {
      const item = skewed(random, SKU_COUNT);
      lines.set(sku(item), { sku: sku(item), quantity: 1 + Math.floor(random() * 3), unitPrice: 10 + (item % 40) });
    }
    const customer = skewed(random, CUSTOMER_COUNT);
    const orderNumber = `${prefix}-${100000 + index}`;
    const total = [...lines.values()].reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
    orderNumbers.push(orderNumber);
    totals.push(total);
    events.push({
      id: `${prefix}-order-${index}`,
      type: 'order.created',
      occurredAt: new Date(start.getTime() + index * 3_000).toISOString(),
      data: {
        orderNumber,
        channel: 'web',
        customerCode: `C-${customer}`,
        customerName: `Customer ${customer}`,
        lines: [...lines.values()],
        shippingAddress: ADDRESS,
      },
    });
  }
  return { events, orderNumbers, totals };
}

/** Follow-up events for the first `count` orders of a stream, by type. */
export function followUpEvents(prefix: string, stream: OrderStream, count: number, start: Date): Record<string, BenchEvent[]> {
  const at = (index: number) => new Date(start.getTime() + index * 1_000).toISOString();
  const pick = stream.orderNumbers.slice(0, count);
  return {
    'payment.authorized': pick.map((orderNumber, index) => ({
      id: `${prefix}-auth-${index}`,
      type: 'payment.authorized',
      occurredAt: at(index),
      data: { orderNumber, psp: 'stripe', pspReference: `pi_${prefix}_${index}`, amount: stream.totals[index]! },
    })),
    'payment.captured': pick.map((orderNumber, index) => ({
      id: `${prefix}-cap-${index}`,
      type: 'payment.captured',
      occurredAt: at(index),
      data: { orderNumber, psp: 'stripe', pspReference: `pi_${prefix}_${index}`, amount: stream.totals[index]! },
    })),
    'inventory.adjusted': pick.map((_, index) => ({
      id: `${prefix}-adj-${index}`,
      type: 'inventory.adjusted',
      occurredAt: at(index),
      data: { sku: sku(index % SKU_COUNT), location: LOCATIONS[index % LOCATIONS.length]!, delta: -1, reasonCode: 'DMG' },
    })),
    'order.cancelled': pick.map((orderNumber, index) => ({
      id: `${prefix}-cxl-${index}`,
      type: 'order.cancelled',
      occurredAt: at(index),
      data: { orderNumber, reason: 'customer asked' },
    })),
  };
}
