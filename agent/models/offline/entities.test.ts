import { describe, expect, it } from 'vitest';
import { extractEntities, mergeEntities, refersBack } from './entities.ts';
import { detectIntents, isOperationsTopic } from './intents.ts';

describe('extractEntities', () => {
  it('finds order numbers, SKUs, RMAs, amounts and exception ids', () => {
    const entities = extractEntities(
      'Why is order 10482 stuck? Also SO-20001, SKU TEE-BLK-M, RMA-2041, refund $40.50 and exception 0b7d5c3e-8f6a-4d2b-9c1e-2f3a4b5c6d7e',
    );
    expect(entities.orders).toEqual(['SO-20001', '10482']);
    expect(entities.skus).toContain('TEE-BLK-M');
    expect(entities.returns).toEqual(['RMA-2041']);
    expect(entities.amounts).toEqual([40.5]);
    expect(entities.exceptions).toEqual(['0b7d5c3e-8f6a-4d2b-9c1e-2f3a4b5c6d7e']);
    expect(entities.skus).not.toContain('SO-20001');
  });

  it('does not read quantities or days as amounts', () => {
    expect(extractEntities('ship 5 units for 3 days').amounts).toEqual([]);
    expect(extractEntities('refund 25 on #10482').amounts).toEqual([25]);
  });

  it('names a tenant the text refers to and falls back to earlier turns', () => {
    expect(extractEntities('show me order 10482 of tenant globex').tenants).toEqual(['globex']);
    expect(extractEntities("the order of merchant 'brightside'").tenants).toEqual(['brightside']);
    // "client" and "merchant" are everyday words too: a customer or a verb after them names no tenant.
    expect(extractEntities('client wants the codigo de rastreio for pv 204511').tenants).toEqual([]);
    expect(extractEntities('client Ana Souza called about 204511').tenants).toEqual([]);
    // Not the first group of a number written with a thousands separator.
    expect(extractEntities('customer called about order 204.538').orders).toEqual([]);
    expect(refersBack('and its shipment?')).toBe(true);
    const merged = mergeEntities(extractEntities('and its shipment?'), extractEntities('order 10482 is on hold'));
    expect(merged.orders).toEqual(['10482']);
  });
});

describe('detectIntents', () => {
  it('tells a request to act from a question about the procedure', () => {
    expect(detectIntents('please refund $40 on order 10482').action).toBe('refund');
    expect(detectIntents('how do I refund an order?').action).toBeUndefined();
    expect(detectIntents('how do I refund an order?').reads).toContain('procedure');
    expect(detectIntents('put order 10482 on hold').action).toBe('hold');
    expect(detectIntents('release the credit hold for ACME-001').action).toBe('release_credit_hold');
  });

  it('recognises small talk and out-of-scope text', () => {
    expect(detectIntents('hello there').smallTalk).toBe(true);
    expect(detectIntents('hello, why is order 10482 stuck?').smallTalk).toBe(false);
    expect(isOperationsTopic('write me a poem about cats')).toBe(false);
    expect(isOperationsTopic('which orders are backordered?')).toBe(true);
  });
});
