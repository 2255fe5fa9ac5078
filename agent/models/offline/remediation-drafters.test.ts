import { describe, expect, it } from 'vitest';
import type { EvidenceOf } from '../../../core/exceptions/index.ts';
import { sampleEvidence } from '../../../core/exceptions/testing/evidence-fixtures.ts';
import { DRAFTERS } from './remediation-drafters.ts';
import { bundledRunbookConditions } from './testing/bundled-runbook-conditions.ts';
import type { TriageKnowledge } from './triage-knowledge.ts';

const now = new Date('2026-11-20T10:00:00Z');

function knowledge(type: string, line: { reserved: number; backordered: number }, extra: Partial<TriageKnowledge> = {}): TriageKnowledge {
  return {
    exception: {},
    type,
    orderRef: '1005',
    sku: 'HOODIE-GRY-L',
    locationRef: 'WH-EAST',
    order: {
      status: line.backordered > 0 ? 'backordered' : 'reserved',
      lines: [{ lineNumber: 1, sku: 'HOODIE-GRY-L', quantity: 1, shipped: 0, location: 'WH-EAST', ...line }],
      reservations: line.reserved > 0 ? [{ lineNumber: 1, locationCode: 'WH-EAST', quantity: line.reserved }] : [],
    },
    passages: [],
    tenantPassages: [],
    searched: true,
    now,
    ...bundledRunbookConditions(type),
    ...extra,
  };
}

describe('send_backorder_notice draft', () => {
  it('declines for a line still reserved at a short location, naming the line and the location', () => {
    const [draft] = [DRAFTERS.send_backorder_notice!(knowledge('stock_conflict', { reserved: 1, backordered: 0 }))].flat();
    expect(draft).toMatchObject({ ok: false });
    expect(draft!.ok === false && draft!.reason).toMatch(/line 1 of order 1005 \(HOODIE-GRY-L\) is reserved at WH-EAST, not backordered/);
  });

  it('drafts a notice dated five business days out for a backordered line with no inbound supply', () => {
    const [draft] = [DRAFTERS.send_backorder_notice!(knowledge('stock_conflict', { reserved: 0, backordered: 1 }))].flat();
    expect(draft).toMatchObject({ ok: true, sources: { order: '1005', explicit: { newPromisedDate: '2026-11-27', lineNumber: 1 } } });
  });

  it('drafts a notice for a line waiting for stock (neither reserved nor backordered yet)', () => {
    const [draft] = [DRAFTERS.send_backorder_notice!(knowledge('stock_conflict', { reserved: 0, backordered: 0 }))].flat();
    expect(draft).toMatchObject({ ok: true, sources: { order: '1005' } });
  });

  it('declines when a notice went out less than seven days ago', () => {
    const [draft] = [
      DRAFTERS.send_backorder_notice!(
        knowledge(
          'backorder_aging',
          { reserved: 0, backordered: 1 },
          { typedEvidence: sampleEvidence('backorder_aging', { lastNoticeAt: '2026-11-17T09:00:00Z' }) },
        ),
      ),
    ].flat();
    expect(draft).toMatchObject({ ok: false, reason: expect.stringContaining('already sent on 2026-11-17') });
  });
});

describe('send_backorder_notice draft: dates and earlier notices from typed records', () => {
  it('counts the five business days from the tenant’s today (get_exception’s businessTimeZone), not UTC’s', () => {
    // 23:00 UTC on Thursday 19 November is already Friday 20 November in Tokyo.
    const thursdayNightUtc = new Date('2026-11-19T23:00:00Z');
    const dated = (exception: Record<string, unknown>) =>
      [
        DRAFTERS.send_backorder_notice!(knowledge('stock_conflict', { reserved: 0, backordered: 1 }, { exception, now: thursdayNightUtc })),
      ].flat()[0];
    expect(dated({ businessTimeZone: 'Asia/Tokyo' })).toMatchObject({ ok: true, sources: { explicit: { newPromisedDate: '2026-11-27' } } });
    expect(dated({ businessTimeZone: 'UTC' })).toMatchObject({ ok: true, sources: { explicit: { newPromisedDate: '2026-11-26' } } });
  });

  it('reads an earlier notice from get_order’s backorderNotices for a type whose evidence has none', () => {
    const base = knowledge('stock_conflict', { reserved: 0, backordered: 1 });
    const order = { ...base.order, backorderNotices: { count: 1, lastSentAt: '2026-11-18T15:00:00Z', lastNewPromisedDate: '2026-11-25' } };
    const [draft] = [DRAFTERS.send_backorder_notice!({ ...base, order })].flat();
    expect(draft).toMatchObject({ ok: false, reason: expect.stringContaining('already sent on 2026-11-18') });
  });
});

describe('issue_refund draft for a payment mismatch', () => {
  const refund = (evidence: Partial<EvidenceOf<'payment_mismatch'>>) =>
    [
      DRAFTERS.issue_refund!(
        knowledge('payment_mismatch', { reserved: 0, backordered: 0 }, { typedEvidence: sampleEvidence('payment_mismatch', evidence) }),
      ),
    ].flat()[0]!;

  it('refunds the over-captured excess, never more than the PSP still holds (captured − refunded in the evidence)', () => {
    expect(refund({ kind: 'over_capture', difference: 30, captured: 130, refunded: 0 })).toMatchObject({
      ok: true,
      sources: { amount: 30 },
    });
    expect(refund({ kind: 'over_capture', difference: 30, captured: 130, refunded: 110 })).toMatchObject({
      ok: true,
      sources: { amount: 20 },
    });
    expect(refund({ kind: 'over_capture', difference: 30, captured: 130, refunded: 130 })).toMatchObject({ ok: false });
  });
});

describe('issue_refund draft for a delayed shipment', () => {
  const delayed = (evidence: Partial<EvidenceOf<'shipment_delayed'>>, shipmentRef: string | null = 'SHP-77') =>
    [
      DRAFTERS.issue_refund!(
        knowledge(
          'shipment_delayed',
          { reserved: 0, backordered: 0 },
          {
            typedEvidence: sampleEvidence('shipment_delayed', evidence),
            ...(shipmentRef ? { shipmentRef } : {}),
            // The parts of get_order's result the drafter reads, as get_order returns them (its output schema).
            order: {
              status: 'shipped',
              totals: { subtotal: 67.5, discount: 0, shipping: 12.5, tax: 0, total: 80 },
              payment: { authorized: 80, captured: 80, refunded: 0, refundableAmount: 80, invoiced: 0 },
            },
          },
        ),
      ),
    ].flat()[0]!;

  it('hands a stalled parcel to a person with the trace to open, not just the refund rule', () => {
    const draft = delayed({ reasons: ['no_tracking_movement'], carrier: 'UPS', lastCarrierScanAt: '2026-11-17T08:30:00Z', daysLate: 0 });
    expect(draft).toMatchObject({ ok: false });
    expect(draft.ok === false && draft.reason).toMatch(
      /SHP-77 has had no UPS scan since 2026-11-17 08:30 UTC: open a carrier trace.*0 day\(s\) late/,
    );
  });

  it('names the carrier exception when there is one', () => {
    const draft = delayed({
      reasons: ['carrier_exception'],
      carrier: 'FedEx',
      exceptionCode: 'WX',
      exceptionMessage: 'weather delay',
      daysLate: 1,
    });
    expect(draft.ok === false && draft.reason).toMatch(/FedEx reports an exception on SHP-77 \(WX: weather delay\)/);
  });

  it('sends an unshipped order to the warehouse team', () => {
    const draft = delayed(
      {
        reasons: ['not_shipped_by_ship_by_date'],
        orderStatus: 'released',
        channel: 'amazon',
        shipBy: '2026-11-18T00:00:00Z',
        releasedAt: null,
        daysLate: 2,
        contractualDelivery: false,
      },
      null,
    );
    expect(draft.ok === false && draft.reason).toMatch(/has not shipped by its ship-by date 2026-11-18: check the outbound dock/);
  });

  it('refunds the shipping fee when the parcel is more than three days late', () => {
    const draft = delayed({ reasons: ['past_estimated_delivery'], carrier: 'UPS', daysLate: 5 });
    expect(draft).toMatchObject({ ok: true, sources: { order: '1005', amount: 12.5 } });
  });
});

describe('reallocate_order_line draft', () => {
  const inventory = (locations: Array<{ locationCode: string; ats: number; fulfilsOrders?: boolean }>) => ({ locations });

  it('moves the reserved line to the fulfilling location with the most stock to sell', () => {
    const [draft] = [
      DRAFTERS.reallocate_order_line!(
        knowledge(
          'stock_conflict',
          { reserved: 1, backordered: 0 },
          {
            inventory: inventory([
              { locationCode: 'WH-EAST', ats: -1 },
              { locationCode: 'WH-WEST', ats: 40 },
            ]),
          },
        ),
      ),
    ].flat();
    expect(draft).toMatchObject({
      ok: true,
      sources: { order: '1005', explicit: { lineNumber: 1, toLocation: 'WH-WEST', reasonCode: 'RA-SHORT' } },
    });
  });

  it('declines when only the short location or a non-fulfilling one has stock, and says which is which', () => {
    const [draft] = [
      DRAFTERS.reallocate_order_line!(
        knowledge(
          'stock_conflict',
          { reserved: 1, backordered: 0 },
          {
            inventory: inventory([
              { locationCode: 'WH-EAST', ats: 3 },
              { locationCode: 'RETURNS', ats: 50, fulfilsOrders: false },
            ]),
          },
        ),
      ),
    ].flat();
    expect(draft).toMatchObject({ ok: false });
    expect(draft!.ok === false && draft!.reason).toContain(
      'available to sell: WH-EAST 3 (the short location), RETURNS 50 (does not fulfil orders)',
    );
  });
});

describe('predicted exceptions: drafts from the forecast evidence', () => {
  const stockout = (overrides: Partial<EvidenceOf<'stockout_risk'>> = {}, extra: Partial<TriageKnowledge> = {}): TriageKnowledge => ({
    exception: {},
    type: 'stockout_risk',
    sku: 'MUG-01',
    locationRef: 'WH-EAST',
    typedEvidence: sampleEvidence('stockout_risk', { supplier: 'Nordic Enamel AB', ...overrides }),
    passages: [],
    tenantPassages: [],
    searched: true,
    now: new Date('2026-01-05T10:00:00Z'),
    ...bundledRunbookConditions('stockout_risk'),
    ...extra,
  });

  it('reorders the suggested quantity to the location at risk from the last supplier, without inventing a delivery date', () => {
    const [draft] = [DRAFTERS.create_purchase_order!(stockout())].flat();
    expect(draft).toMatchObject({
      ok: true,
      role: 'fix',
      sources: { explicit: { sku: 'MUG-01', location: 'WH-EAST', quantity: 40, supplier: 'Nordic Enamel AB' } },
    });
    expect(draft!.ok && draft!.sources.explicit).not.toHaveProperty('expectedAt');
    expect(draft!.ok && draft!.rationale).toMatch(/runs? out on 2026-01-08 \(3 days left\).*lead time 7 days \(policy_default\)/);
  });

  it('declines without a supplier on record, and when nothing needs ordering', () => {
    expect([DRAFTERS.create_purchase_order!(stockout({ supplier: null }))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no purchase order of MUG-01 is on record, so no supplier is known/),
    });
    expect([DRAFTERS.create_purchase_order!(stockout({ suggestedOrderQuantity: 0 }))].flat()[0]).toMatchObject({ ok: false });
  });

  it('asks to expedite an open PO due before a new order could arrive, rather than order twice', () => {
    const inbound = [{ reference: 'PO-9', quantity: 30, expectedOn: '2026-01-10' }];
    expect([DRAFTERS.create_purchase_order!(stockout({ inbound }))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/open purchase order PO-9 \(30 units\) is due 2026-01-10.*expedite it rather than order more/),
    });
    // Due after a new order would arrive (7 days' lead time from 2026-01-05): a new order is faster.
    const late = [{ reference: 'PO-9', quantity: 30, expectedOn: '2026-01-20' }];
    expect([DRAFTERS.create_purchase_order!(stockout({ inbound: late }))].flat()[0]).toMatchObject({ ok: true });
  });

  it('still declines a purchase order for other types, whose data names no supplier', () => {
    expect([DRAFTERS.create_purchase_order!(knowledge('stock_conflict', { reserved: 0, backordered: 1 }))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/supplier for HOODIE-GRY-L is not recorded/),
    });
  });

  it('rebalances an order reserved at the location at risk only to a location with surplus beyond its own forecast', () => {
    const order = {
      status: 'reserved',
      lines: [{ lineNumber: 1, sku: 'MUG-01', quantity: 6, shipped: 0, reserved: 6, backordered: 0, location: 'WH-EAST' }],
      reservations: [{ lineNumber: 1, locationCode: 'WH-EAST', quantity: 6 }],
    };
    const inventory = {
      locations: [
        { locationCode: 'WH-EAST', ats: 2, fulfilsOrders: true },
        { locationCode: 'WH-WEST', ats: 50, fulfilsOrders: true },
        { locationCode: 'WH-NORTH', ats: 80, fulfilsOrders: true },
      ],
    };
    // WH-NORTH has more to sell, but its own forecast needs it: only WH-WEST's surplus counts.
    const surplusElsewhere = [{ locationCode: 'WH-WEST', surplus: 20 }];
    const [draft] = [DRAFTERS.reallocate_order_line!(stockout({ surplusElsewhere }, { orderRef: '3001', order, inventory }))].flat();
    expect(draft).toMatchObject({ ok: true, sources: { explicit: { lineNumber: 1, toLocation: 'WH-WEST', reasonCode: 'RA-SHORT' } } });
    const [none] = [
      DRAFTERS.reallocate_order_line!(
        stockout({ surplusElsewhere: [{ locationCode: 'WH-WEST', surplus: 3 }] }, { orderRef: '3001', order, inventory }),
      ),
    ].flat();
    expect(none).toMatchObject({ ok: false, reason: expect.stringMatching(/beyond its own forecast needs \(surplus: WH-WEST 3\)/) });
    const [transfer] = [DRAFTERS.reallocate_order_line!(stockout({ surplusElsewhere }))].flat();
    expect(transfer).toMatchObject({ ok: false, reason: expect.stringMatching(/a transfer from WH-WEST \(20 units/) });
  });

  it('moves an order at risk of shipping late to another location with stock (RA-DELAY), and sends no backorder notice for goods in stock', () => {
    const late: TriageKnowledge = {
      ...knowledge('late_shipment_risk', { reserved: 1, backordered: 0 }),
      typedEvidence: sampleEvidence('late_shipment_risk', { orderNumber: '1005' }),
      order: {
        status: 'released',
        lines: [{ lineNumber: 1, sku: 'HOODIE-GRY-L', quantity: 1, shipped: 0, location: 'WH-EAST', reserved: 1, backordered: 0 }],
        reservations: [{ lineNumber: 1, locationCode: 'WH-EAST', quantity: 1 }],
      },
      inventory: {
        locations: [
          { locationCode: 'WH-EAST', ats: 0, fulfilsOrders: true },
          { locationCode: 'WH-WEST', ats: 5, fulfilsOrders: true },
        ],
      },
    };
    expect([DRAFTERS.reallocate_order_line!(late)].flat()[0]).toMatchObject({
      ok: true,
      sources: {
        explicit: { toLocation: 'WH-WEST', reasonCode: 'RA-DELAY', note: expect.stringMatching(/likely to miss the ship-by date \(70%/) },
      },
    });
    expect([DRAFTERS.send_backorder_notice!(late)].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/nothing on order 1005 is backordered/),
    });
  });
});

describe('correct_shipping_address draft', () => {
  const address = { name: 'Dana Reyes', line1: '1 Main St', city: 'Columbus', region: 'OH', postalCode: '43004', country: 'US' };
  const withEvidence = (evidence: Partial<EvidenceOf<'address_validation_failed'>>): TriageKnowledge =>
    knowledge(
      'address_validation_failed',
      { reserved: 0, backordered: 0 },
      {
        typedEvidence: sampleEvidence('address_validation_failed', { address, ...evidence }),
      },
    );
  const draftOf = (evidence: Partial<EvidenceOf<'address_validation_failed'>>) =>
    [DRAFTERS.correct_shipping_address!(withEvidence(evidence))].flat()[0]!;

  it('drafts the validator suggestion for a postcode typo, changing only the postcode and saying so', () => {
    const draft = draftOf({
      resultCode: 'AV-POSTAL',
      issue: 'AV-POSTAL: postcode does not match city/state',
      suggestion: { postalCode: '43215' },
    });
    expect(draft).toMatchObject({ ok: true, sources: { order: '1005', explicit: { address: { ...address, postalCode: '43215' } } } });
    expect(draft.ok && draft.rationale).toMatch(/postalCode 43004 → 43215/);
  });

  it('declines without a suggestion, with a suggestion to another country, and for AV-RESTRICTED', () => {
    expect(draftOf({ resultCode: 'AV-POSTAL' })).toMatchObject({ ok: false, reason: expect.stringMatching(/confirm the address/) });
    expect(draftOf({ resultCode: 'AV-POSTAL', suggestion: { country: 'CA' } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/country change is not allowed/),
    });
    expect(draftOf({ resultCode: 'AV-RESTRICTED', suggestion: { postalCode: '43215' } })).toMatchObject({ ok: false });
    expect(draftOf({ resultCode: 'AV-POSTAL', suggestion: { postalCode: '43004' } })).toMatchObject({ ok: false });
  });

  it('still standardises AV-STD in place', () => {
    expect(draftOf({ resultCode: 'AV-STD' })).toMatchObject({ ok: true, sources: { explicit: { note: expect.stringMatching(/AV-STD/) } } });
  });

  it("adopts the validator's standard form under AV-STD, though it differs only in casing, never its country", () => {
    const draft = draftOf({ resultCode: 'AV-STD', suggestion: { line1: '1 MAIN ST', city: 'COLUMBUS', country: 'CA' } });
    expect(draft).toMatchObject({
      ok: true,
      sources: { explicit: { address: { ...address, line1: '1 MAIN ST', city: 'COLUMBUS', country: 'US' } } },
    });
    expect(draft.ok && draft.rationale).toMatch(/standard form of line1, city adopted/);
  });
});

describe('predicted exceptions: transfer, expedite and delay notice drafts', () => {
  const now = new Date('2026-01-05T10:00:00Z');
  const stockout = (overrides: Partial<EvidenceOf<'stockout_risk'>> = {}): TriageKnowledge => ({
    exception: {},
    type: 'stockout_risk',
    sku: 'MUG-01',
    locationRef: 'WH-EAST',
    typedEvidence: sampleEvidence('stockout_risk', { inbound: [], ...overrides }),
    passages: [],
    tenantPassages: [],
    searched: true,
    now,
    ...bundledRunbookConditions('stockout_risk'),
  });

  it('transfers from the largest surplus what covers the days until replenishment at the upper bound, as containment', () => {
    // Sample: upper 70 over 14 days = 5/day; 7 days' lead time → 35, + safety 5 + open demand 0 − available 20 = 20.
    const surplusElsewhere = [
      { locationCode: 'WH-NORTH', surplus: 8 },
      { locationCode: 'WH-WEST', surplus: 30 },
    ];
    const [draft] = [DRAFTERS.transfer_stock!(stockout({ surplusElsewhere }))].flat();
    expect(draft).toMatchObject({
      ok: true,
      role: 'contain',
      sources: { explicit: { sku: 'MUG-01', fromLocation: 'WH-WEST', toLocation: 'WH-EAST', quantity: 20 } },
    });
    // Never more than the surplus; stock already in transit counts; a later purchase order lengthens the bridge.
    expect([DRAFTERS.transfer_stock!(stockout({ surplusElsewhere: [{ locationCode: 'WH-WEST', surplus: 12 }] }))].flat()[0]).toMatchObject({
      sources: { explicit: { quantity: 12 } },
    });
    const inTransit = [{ reference: 'in-transit', quantity: 15, expectedOn: '2026-01-06', source: 'transfer' as const }];
    expect([DRAFTERS.transfer_stock!(stockout({ surplusElsewhere, inbound: inTransit }))].flat()[0]).toMatchObject({
      sources: { explicit: { quantity: 5 } },
    });
    const laterPo = [{ reference: 'PO-7', quantity: 100, expectedOn: '2026-01-15', source: 'purchase_order' as const }];
    expect([DRAFTERS.transfer_stock!(stockout({ surplusElsewhere, inbound: laterPo }))].flat()[0]).toMatchObject({
      sources: { explicit: { quantity: 30 } },
    });
  });

  it('declines a transfer with no surplus anywhere, or when stock on hand already covers the bridge', () => {
    expect([DRAFTERS.transfer_stock!(stockout({ surplusElsewhere: [] }))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no other location holds MUG-01 beyond its own forecast needs/),
    });
    expect(
      [DRAFTERS.transfer_stock!(stockout({ available: 500, surplusElsewhere: [{ locationCode: 'WH-WEST', surplus: 30 }] }))].flat()[0],
    ).toMatchObject({
      ok: false,
    });
  });

  const late = (overrides: Partial<EvidenceOf<'late_shipment_risk'>> = {}, order: Record<string, unknown> = {}): TriageKnowledge => ({
    exception: { businessTimeZone: 'UTC' },
    type: 'late_shipment_risk',
    orderRef: '1000',
    typedEvidence: sampleEvidence('late_shipment_risk', overrides),
    order: {
      status: 'released',
      lines: [{ lineNumber: 1, sku: 'MUG-01', quantity: 1, shipped: 0, reserved: 1, backordered: 0, location: 'WH-EAST' }],
      ...order,
    },
    passages: [],
    tenantPassages: [],
    searched: true,
    now: new Date('2026-01-02T04:00:00Z'),
    ...bundledRunbookConditions('late_shipment_risk'),
  });

  it('expedites with the faster service only where its saving covers the likely delay', () => {
    // Sample: likely 30 h late; UPS 2day saves 32 h over ground.
    expect([DRAFTERS.expedite_shipment!(late())].flat()[0]).toMatchObject({
      ok: true,
      role: 'fix',
      sources: { order: '1000', explicit: { carrier: 'UPS', serviceLevel: '2day' } },
    });
    expect([DRAFTERS.expedite_shipment!(late({ likelyDelayHours: 40 }))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/UPS 2day saves 32 h of transit over UPS ground, but the order is likely to ship 40 h late/),
    });
    expect([DRAFTERS.expedite_shipment!(late({ fasterService: null }))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no faster carrier service from WH-EAST is on record \(it ships UPS ground, 72 h in transit\)/),
    });
    expect([DRAFTERS.expedite_shipment!(late({ blocked: true }))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/on hold or backordered/),
    });
    expect(
      [
        DRAFTERS.expedite_shipment!(
          late({}, { fulfilment: { priority: 'expedite', requestedCarrier: 'UPS', requestedServiceLevel: '2day', expeditedAt: null } }),
        ),
      ].flat()[0],
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/already expedited/),
    });
  });

  it('drafts a delay notice dated the day of likelyShippedBy, and never on or before the promise', () => {
    // Sample: promised 2026-01-02 10:00, likely shipped by 2026-01-03 16:00.
    expect([DRAFTERS.send_delay_notice!(late())].flat()[0]).toMatchObject({
      ok: true,
      sources: { order: '1000', explicit: { newPromisedDate: '2026-01-03' } },
    });
    // Likely a few hours late on the same day: the next business day after the promise (Friday 2 January → Monday 5 January).
    expect([DRAFTERS.send_delay_notice!(late({ likelyShippedBy: '2026-01-02T15:00:00.000Z' }))].flat()[0]).toMatchObject({
      sources: { explicit: { newPromisedDate: '2026-01-05' } },
    });
  });

  it('declines a delay notice for a held or backordered order, after a recent notice, and on evidence without a likely date', () => {
    expect([DRAFTERS.send_delay_notice!(late({ blocked: true }))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/on hold/),
    });
    const backordered = { lines: [{ lineNumber: 1, sku: 'MUG-01', quantity: 1, shipped: 0, reserved: 0, backordered: 1 }] };
    expect([DRAFTERS.send_delay_notice!(late({}, backordered))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/backorder notice/),
    });
    const notified = { delayNotices: { count: 1, lastSentAt: '2025-12-30T09:00:00Z', lastNewPromisedDate: '2026-01-02' } };
    expect([DRAFTERS.send_delay_notice!(late({}, notified))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/already sent on 2025-12-30/),
    });
    expect([DRAFTERS.send_delay_notice!(late({ likelyShippedBy: undefined }))].flat()[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no likely ship date/),
    });
  });
});
