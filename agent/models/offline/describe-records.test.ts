import { describe, expect, it } from 'vitest';
import { RECORD_DESCRIBERS } from './describe-records.ts';

describe('the inventory description', () => {
  const inventory = RECORD_DESCRIBERS.get_inventory!;

  it('says in words that nothing is available when the network is oversold, with the figure', () => {
    const line = inventory({ sku: { code: '10.853.17' }, ats: -1, locations: [], inboundPurchaseOrders: [] });
    expect(line).toMatch(/^10\.853\.17 has none available to sell across the network \(oversold by 1, ATS -1\)/);
  });

  it('gives a positive figure as it is', () => {
    expect(inventory({ sku: { code: '40.118.01' }, ats: 41, locations: [], inboundPurchaseOrders: [] })).toMatch(
      /^40\.118\.01 has 41 available to sell across the network/,
    );
  });
});
