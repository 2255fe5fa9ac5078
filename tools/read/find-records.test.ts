import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCustomer } from '../../core/customers/index.ts';
import { capturePayment } from '../../core/payments/index.ts';
import { createShipment } from '../../core/shipments/index.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
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
      // Id shapes no other test uses: a check letter after the serial, a region after it, a dotted trade series.
      for (const number of ['LK-19-000560Z', 'LK-19-000561Y', 'PX0041RJ', 'PX0044RJ', 'RT.19.0077', 'MW-0563']) {
        await placeOrder(tx, number, [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
      }
      await upsertCustomer(tx, { code: 'ORG-55120931Q', name: 'Þórunn Sigurðardóttir' });
    });
    // A neighbour with ids of the same shapes: none of them may ever link for us.
    await withTenant(world.db, world.other.id, async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 10);
      for (const number of ['LK-19-000562Z', 'PX0045RJ', 'RT.19.0078'])
        await placeOrder(tx, number, [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
      await upsertCustomer(tx, { code: 'ORG-55120932Q', name: 'Ragnar Ólafsson' });
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
      // The same number without its zero padding is the same customer's code, not another digit.
      { term: 'KL-88120', found: ['customer:KL-088120:number'] },
      { term: 'KETTLE-2L', found: [] },
      { term: 'Katarzina Nowak', found: ['customer:KL-088120:fuzzy'] },
    ]);
  });

  it('links an id by the runs of it a rep writes: serial, zero padding, prefix or series left out, check letters kept', async () => {
    expect(await find('561y', '#0561Y', '19-560', 'px41', 'Px 44', 'rt 77', '0077', '55120931q')).toEqual([
      { term: '561y', found: ['order:LK-19-000561Y:number'] },
      { term: '#0561Y', found: ['order:LK-19-000561Y:number'] },
      { term: '19-560', found: ['order:LK-19-000560Z:number'] },
      { term: 'px41', found: ['order:PX0041RJ:number'] },
      { term: 'Px 44', found: ['order:PX0044RJ:number'] },
      { term: 'rt 77', found: ['order:RT.19.0077:number'] },
      { term: '0077', found: ['order:RT.19.0077:number'] },
      { term: '55120931q', found: ['customer:ORG-55120931Q:number'] },
    ]);
  });

  it('returns every record a partial id fits, and none for a wrong check letter or too few digits', async () => {
    // "563" fits MW-0563 only; "560z" only LK-19-000560Z; but "0560"/"56x" style guesses are not made.
    expect(await find('563', '560z', '561z', '41', 'px 4')).toEqual([
      { term: '563', found: ['order:MW-0563:number'] },
      { term: '560z', found: ['order:LK-19-000560Z:number'] },
      { term: '561z', found: [] },
      { term: '41', found: [] },
      { term: 'px 4', found: [] },
    ]);
    await world.run((tx) => placeOrder(tx, 'QB-0563', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]));
    expect(await find('563', 'qb563')).toEqual([
      { term: '563', found: ['order:MW-0563:number', 'order:QB-0563:number'] },
      { term: 'qb563', found: ['order:QB-0563:number'] },
    ]);
  });

  it("never links a neighbour tenant's ids of the same shapes, nor its customers", async () => {
    expect(await find('562z', 'px45', 'rt 78', 'LK-19-000562Z', '55120932Q', 'Ragnar')).toEqual([
      { term: '562z', found: [] },
      { term: 'px45', found: [] },
      { term: 'rt 78', found: [] },
      { term: 'LK-19-000562Z', found: [] },
      { term: '55120932Q', found: [] },
      { term: 'Ragnar', found: [] },
    ]);
  });

  it('links customers by first or last name, accents folded', async () => {
    expect(await find('thorunn', 'Sigurdardottir')).toEqual([
      { term: 'thorunn', found: ['customer:ORG-55120931Q:name'] },
      { term: 'Sigurdardottir', found: ['customer:ORG-55120931Q:name'] },
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
