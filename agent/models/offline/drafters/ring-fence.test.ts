import { describe, expect, it } from 'vitest';
import type { EvidenceOf } from '../../../../core/exceptions/index.ts';
import { sampleEvidence } from '../../../../core/exceptions/testing/evidence-fixtures.ts';
import { DRAFTERS } from '../remediation-drafters.ts';
import { bundledRunbookConditions } from '../testing/bundled-runbook-conditions.ts';
import type { TriageKnowledge } from '../triage-knowledge.ts';
import { ringFence } from './ring-fence.ts';

const stockout = (overrides: Partial<EvidenceOf<'stockout_risk'>> = {}): TriageKnowledge => ({
  exception: {},
  type: 'stockout_risk',
  sku: 'MUG-01',
  locationRef: 'WH-EAST',
  typedEvidence: sampleEvidence('stockout_risk', overrides),
  passages: [],
  tenantPassages: [],
  searched: true,
  now: new Date('2026-01-05T10:00:00Z'),
  ...bundledRunbookConditions('stockout_risk'),
});

describe('set_channel_allocation draft (ring-fence for a key channel)', () => {
  it('is the drafter registered for set_channel_allocation', () => {
    expect(DRAFTERS.set_channel_allocation).toBe(ringFence);
  });

  it('keeps the first key channel its share of demand at the upper bound until replenishment, as protection', () => {
    // Upper bound 70 over 14 days = 5/day; 7 days' lead time (the only inbound is a transfer); 40 % → 14 units.
    const [draft] = [
      ringFence(
        stockout({
          keyChannels: [
            { channel: 'amazon', share: 0.4 },
            { channel: 'b2b', share: 0.3 },
          ],
        }),
      ),
    ].flat();
    expect(draft).toMatchObject({
      ok: true,
      role: 'protect',
      sources: { explicit: { sku: 'MUG-01', location: 'WH-EAST', channel: 'amazon', quantity: 14 } },
    });
    expect(draft!.ok && draft!.rationale).toMatch(
      /Ring-fence 14 × MUG-01 at WH-EAST for amazon: .*runs out on 2026-01-08.*amazon \(a key channel in the tenant policy\) takes 40% of recent demand/,
    );
  });

  it('bridges until an open purchase order arrives when that is later than the lead time', () => {
    const inbound = [{ reference: 'PO-9', quantity: 30, expectedOn: '2026-01-15', source: 'purchase_order' as const }];
    // 10 days to PO-9 × 5/day × 20 % = 10 units.
    const [draft] = [ringFence(stockout({ inbound, keyChannels: [{ channel: 'amazon', share: 0.2 }] }))].flat();
    expect(draft).toMatchObject({ ok: true, sources: { explicit: { quantity: 10 } } });
  });

  it('rounds up whole units without floating-point noise (40 % × 6/day × 10 days is 24, not 25)', () => {
    const evidence = { interval: { level: 0.9, lower: 56, upper: 84 }, leadTimeDays: 10, inbound: [], available: 30, safetyStock: 0 };
    const [draft] = [ringFence(stockout({ ...evidence, keyChannels: [{ channel: 'amazon', share: 0.4 }] }))].flat();
    expect(draft).toMatchObject({ ok: true, sources: { explicit: { quantity: 24 } } });
  });

  it('never keeps more than the stock above safety stock', () => {
    const [draft] = [ringFence(stockout({ available: 8, safetyStock: 5, keyChannels: [{ channel: 'amazon', share: 0.9 }] }))].flat();
    expect(draft).toMatchObject({ ok: true, sources: { explicit: { quantity: 3 } } });
    const [none] = [ringFence(stockout({ available: 5, safetyStock: 5, keyChannels: [{ channel: 'amazon', share: 0.9 }] }))].flat();
    expect(none).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/WH-EAST has no stock of MUG-01 above safety stock left to ring-fence for amazon/),
    });
  });

  it('declines when the policy names no key channel selling the SKU, or without a stockout forecast', () => {
    expect([ringFence(stockout({ keyChannels: undefined }))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/tenant policy names no key channel that sells MUG-01 \(forecasting.keyChannels\)/),
    });
    expect([ringFence(stockout({ keyChannels: [] }))].flat()[0]).toMatchObject({ ok: false });
    const { typedEvidence: _none, ...withoutEvidence } = stockout();
    expect([ringFence({ ...withoutEvidence, type: 'stock_conflict' })].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/drafted from a stockout-risk forecast/),
    });
  });
});
