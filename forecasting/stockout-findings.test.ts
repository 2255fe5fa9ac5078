import { describe, expect, it } from 'vitest';
import type { DailySeries, StockPositionRow } from '../core/inventory/index.ts';
import { forecastingSettingsSchema } from '../policies/index.ts';
import { buildOutlooks, IN_TRANSIT_REFERENCE, stockoutFinding } from './stockout-findings.ts';

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
