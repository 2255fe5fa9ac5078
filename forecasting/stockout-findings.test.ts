import { describe, expect, it } from 'vitest';
import type { DailySeries, StockPositionRow } from '../core/inventory/index.ts';
import { forecastingSettingsSchema } from '../policies/index.ts';
import { buildOutlooks, IN_TRANSIT_REFERENCE, keyChannelShares, stockoutFinding } from './stockout-findings.ts';
import { stockoutRiskEvidenceSchema } from '../core/exceptions/predicted-evidence.ts';

const now = new Date('2026-05-01T12:00:00Z');
const settings = forecastingSettingsSchema.parse({});
const history: DailySeries = {
  skuId: 'sku',
  skuCode: 'MUG-01',
  locationId: 'loc',
  locationCode: 'WH-EAST',
  firstDay: '2026-01-01',
  demand: Array.from({ length: 120 }, (_, index) => 9 + (index % 3)),
  filled: Array.from({ length: 120 }, (_, index) => 9 + (index % 3)),
  onHand: new Array(120).fill(100),
  onOrder: new Array(120).fill(0),
  nextReceiptOffset: new Array(120).fill(null),
};
const position = (inTransit: number): StockPositionRow => ({
  skuId: 'sku',
  skuCode: 'MUG-01',
  locationId: 'loc',
  locationCode: 'WH-EAST',
  available: 20,
  safetyStock: 0,
  openDemand: 0,
  inTransit,
});

describe('stockout findings: stock in transit from another location', () => {
  it('counts it as inbound tomorrow and marks it as a transfer in the evidence', () => {
    const [outlook] = buildOutlooks({ history: [history], positions: [position(15)], inbound: [], leadTimes: [], settings, now });
    expect(outlook!.inbound).toEqual([expect.objectContaining({ poNumber: IN_TRANSIT_REFERENCE, quantity: 15 })]);
    const finding = stockoutFinding(outlook!, settings, now);
    expect(finding?.evidence).toMatchObject({
      inbound: [{ reference: IN_TRANSIT_REFERENCE, quantity: 15, expectedOn: '2026-05-02', source: 'transfer' }],
    });
  });

  it('pushes the projected stockout later by what is in transit', () => {
    const [without] = buildOutlooks({ history: [history], positions: [position(0)], inbound: [], leadTimes: [], settings, now });
    const [withTransfer] = buildOutlooks({ history: [history], positions: [position(60)], inbound: [], leadTimes: [], settings, now });
    expect(withTransfer!.projection!.expectedStockoutInDays!).toBeGreaterThan(without!.projection!.expectedStockoutInDays!);
  });
});

describe('stockout findings: key channels for a ring-fence', () => {
  const demand = [
    { skuId: 'sku', channel: 'web', units: 30 },
    { skuId: 'sku', channel: 'amazon', units: 60 },
    { skuId: 'sku', channel: 'b2b', units: 10 },
    { skuId: 'other', channel: 'web', units: 5 },
  ];

  it('gives each key channel that sold the SKU its share of the SKU’s demand across channels, in the policy’s order', () => {
    const shares = keyChannelShares(demand, ['b2b', 'amazon', 'retail']);
    expect(shares.get('sku')).toEqual([
      { channel: 'b2b', share: 0.1 },
      { channel: 'amazon', share: 0.6 },
    ]);
    // No key channel sold it, or the policy names none: nothing to ring-fence for.
    expect(shares.has('other')).toBe(false);
    expect(keyChannelShares(demand, []).size).toBe(0);
  });

  it('carries them in the evidence (valid against the contract), and leaves the field out when there are none', () => {
    const [outlook] = buildOutlooks({ history: [history], positions: [position(0)], inbound: [], leadTimes: [], settings, now });
    const keyChannels = [{ channel: 'amazon', share: 0.6 }];
    const finding = stockoutFinding(outlook!, settings, now, { supplier: null, surplusElsewhere: [], keyChannels });
    expect(finding?.evidence).toMatchObject({ keyChannels });
    expect(stockoutRiskEvidenceSchema.safeParse(finding?.evidence).success).toBe(true);
    const without = stockoutFinding(outlook!, settings, now, { supplier: null, surplusElsewhere: [], keyChannels: [] });
    expect(without?.evidence).not.toHaveProperty('keyChannels');
  });
});
