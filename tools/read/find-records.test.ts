import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCustomer } from '../../core/customers/index.ts';
import { capturePayment } from '../../core/payments/index.ts';
import { createShipment } from '../../core/shipments/index.ts';
import { createToolTestWorld, placeOrder, stock, type ToolTestWorld } from '../../test/support/tool-test-world.ts';

type Results = { results: Array<{ term: string; matches: Array<{ kind: string; code: string; match: string }> }> };

describe('find_records', () => {
  let world: ToolTestWorld;

  beforeAll(async () => {
    world = await createToolTestWorld();
    await world.run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 10);
      await stock(tx, 'KETTLE-1L', 'WH-WEST', 2);
      await placeOrder(tx, 'H-1003', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
      await placeOrder(tx, 'SO-10482', [{ sku: 'KETTLE-1L', quantity: 1, unitPrice: 59 }], { customer: 'B2B-ACME' });
      await upsertCustomer(tx, { code: 'KL-088120', name: 'Katarzyna Nowak' });
      await placeOrder(tx, 'ZAM-26-04512', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
      await placeOrder(tx, 'PV-204538', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
      await placeOrder(tx, 'INV/26/00538', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
      await capturePayment(tx, { order: 'H-1003', psp: 'stripe', pspReference: 'pi_h1003', amount: 12 });
      await createShipment(tx, {
        shipmentId: 'WMS-SH-7',
        order: 'H-1003',
        location: 'WH-EAST',
        carrier: 'UPS',
        trackingNumber: '1Z777',
        lines: [{ sku: 'MUG-BLK', quantity: 1 }],
      });
    });
  });
  afterAll(() => world.close());

  const find = async (...terms: string[]) =>
    ((await world.call('find_records', { terms }, world.principals.evaluator)).result as Results).results.map((result) => ({
      term: result.term,
      found: result.matches.map((match) => `${match.kind}:${match.code}:${match.match}`),
    }));

  it('links order numbers exactly, without separators, and by their bare number', async () => {
    expect(await find('H-1003', 'so10482', '1003', '10482', '9999')).toEqual([
      { term: 'H-1003', found: ['order:H-1003:exact'] },
      { term: 'so10482', found: ['order:SO-10482:exact'] },
      { term: '1003', found: ['order:H-1003:number'] },
      { term: '10482', found: ['order:SO-10482:number'] },
      { term: '9999', found: [] },
    ]);
  });

  it('links a number to the code it ends with: a series or year prefix and leading zeros left out, groups compared whole', async () => {
    expect(await find('4512', '04512', '#4512', '26-04512', '25-04512', '204.538', '204 538', '538', '26/538', '45')).toEqual([
      { term: '4512', found: ['order:ZAM-26-04512:number'] },
      { term: '04512', found: ['order:ZAM-26-04512:number'] },
      { term: '#4512', found: ['order:ZAM-26-04512:number'] },
      { term: '26-04512', found: ['order:ZAM-26-04512:number'] },
      { term: '25-04512', found: [] },
      { term: '204.538', found: ['order:PV-204538:number'] },
      { term: '204 538', found: ['order:PV-204538:number'] },
      { term: '538', found: ['order:INV/26/00538:number'] },
      { term: '26/538', found: ['order:INV/26/00538:number'] },
      { term: '45', found: [] },
    ]);
  });

  it('links locations, SKUs and shipments by code, tracking number or one typo', async () => {
    expect(await find('WH-EAST', 'mug-blk', '1Z777', 'KETTLE-1M')).toEqual([
      { term: 'WH-EAST', found: ['location:WH-EAST:exact'] },
      { term: 'mug-blk', found: ['sku:MUG-BLK:exact'] },
      { term: '1Z777', found: ['shipment:WMS-SH-7:exact'] },
      { term: 'KETTLE-1M', found: ['sku:KETTLE-1L:fuzzy'] },
    ]);
  });

  it('never reads a different digit as a typo: another number is another record, so it is not found', async () => {
    expect(await find('KL-088121', 'kl088120', 'KL-88120', 'KETTLE-2L', 'Katarzina Nowak')).toEqual([
      { term: 'KL-088121', found: [] },
      { term: 'kl088120', found: ['customer:KL-088120:exact'] },
      { term: 'KL-88120', found: [] },
      { term: 'KETTLE-2L', found: [] },
      { term: 'Katarzina Nowak', found: ['customer:KL-088120:fuzzy'] },
    ]);
  });

  it('links nothing for ordinary words, and rejects bad input', async () => {
    expect(await find('customer', 'stock')).toEqual([
      { term: 'customer', found: [] },
      { term: 'stock', found: [] },
    ]);
    const bad = await world.call('find_records', { terms: [] }, world.principals.evaluator);
    expect(bad.status).toBe('failed');
  });
});
