import { describe, expect, it } from 'vitest';
import type { OrderFlow } from '../core/orders/index.ts';
import { backtestLateShipmentAlerts } from './late-shipment-backtest.ts';
import { carrierServicesByLocation, lateShipmentFindings } from './late-shipment-findings.ts';
import { ShipTimeModel, orderStateAt } from './late-shipment-risk.ts';

const HOUR = 3_600_000;
const base = new Date('2026-05-01T08:00:00Z').getTime();

function flow(
  index: number,
  releaseHours: number,
  shipHours: number | null,
  promiseHours: number,
  holds: OrderFlow['holds'] = [],
): OrderFlow {
  const placedAt = new Date(base + index * 6 * HOUR);
  return {
    orderId: `order-${index}`,
    number: String(10_000 + index),
    channel: 'web',
    status: shipHours === null ? 'released' : 'shipped',
    placedAt,
    releasedAt: new Date(placedAt.getTime() + releaseHours * HOUR),
    shippedAt: shipHours === null ? null : new Date(placedAt.getTime() + shipHours * HOUR),
    cancelledAt: null,
    promisedAt: new Date(placedAt.getTime() + promiseHours * HOUR),
    locationId: 'loc',
    locationCode: 'WH1',
    carrier: 'UPS',
    holds,
    backorderedAt: null,
    reservedAt: placedAt,
  };
}

describe('late-shipment risk', () => {
  // Unblocked orders ship in 20 h; held ones take 70 h. Promises are 48 h.
  const history = Array.from({ length: 60 }, (_, index) =>
    index % 3 === 0
      ? flow(index, 2, 70, 48, [{ from: new Date(base + index * 6 * HOUR + HOUR), to: new Date(base + index * 6 * HOUR + 60 * HOUR) }])
      : flow(index, 2, 20, 48),
  );

  it('learns from comparable orders: a held order is likely late, a free one is not', () => {
    const now = new Date(base + 400 * HOUR);
    const model = new ShipTimeModel(history, now);
    const held = flow(100, 1, null, 48, [{ from: new Date(now.getTime() - 2 * HOUR), to: null }]);
    held.placedAt = new Date(now.getTime() - 3 * HOUR);
    held.releasedAt = null;
    held.promisedAt = new Date(held.placedAt.getTime() + 48 * HOUR);
    const heldState = orderStateAt(held, now)!;
    expect(heldState).toMatchObject({ stage: 'awaiting_release', blocked: true });
    const heldEstimate = model.probabilityLate(heldState, now, held.promisedAt)!;
    expect(heldEstimate.probability).toBeGreaterThan(0.9);
    // Held orders took 70 h from capture; this one has spent 3: nine in ten comparable ones shipped 67 h from now.
    expect(heldEstimate.likelyHoursToShip).toBeCloseTo(67, 5);
    const free = { ...held, holds: [] };
    expect(model.probabilityLate(orderStateAt(free, now)!, now, free.promisedAt!)!.probability).toBeLessThan(0.1);
  });

  it('puts the likely ship time and what a faster carrier service saves into the evidence', () => {
    const now = new Date(base + 400 * HOUR);
    const held = flow(100, 1, null, 48, [{ from: new Date(now.getTime() - 2 * HOUR), to: null }]);
    held.placedAt = new Date(now.getTime() - 3 * HOUR);
    held.releasedAt = null;
    held.promisedAt = new Date(held.placedAt.getTime() + 48 * HOUR);
    const transit = [
      { locationId: 'loc', carrier: 'UPS', serviceLevel: 'ground', shipments: 40, medianHours: 72 },
      { locationId: 'loc', carrier: 'UPS', serviceLevel: '2day', shipments: 12, medianHours: 40 },
      // Too few deliveries to trust.
      { locationId: 'loc', carrier: 'FedEx', serviceLevel: 'overnight', shipments: 2, medianHours: 16 },
    ];
    const [finding] = lateShipmentFindings([...history, held], 0.6, now, transit);
    expect(finding!.evidence).toMatchObject({
      orderNumber: held.number,
      likelyShippedBy: new Date(now.getTime() + 67 * HOUR).toISOString(),
      likelyDelayHours: 22,
      usualService: { carrier: 'UPS', serviceLevel: 'ground', medianTransitHours: 72, shipments: 40 },
      fasterService: { carrier: 'UPS', serviceLevel: '2day', medianTransitHours: 40, savesHours: 32 },
    });
    // A location with a single trusted service has nothing faster; without transit history, neither.
    expect(carrierServicesByLocation(transit.slice(0, 1)).get('loc')).toMatchObject({ faster: null });
    expect(lateShipmentFindings([...history, held], 0.6, now)[0]!.evidence).toMatchObject({ usualService: null, fasterService: null });
  });

  it('gives no probability without enough comparable history', () => {
    const now = new Date(base + 20 * HOUR);
    const model = new ShipTimeModel(history.slice(0, 2), now);
    const open = flow(100, 1, null, 48);
    open.placedAt = now;
    expect(model.probabilityLate(orderStateAt(open, now)!, now, open.promisedAt!)).toBeNull();
  });

  it('replays alerts with precision and lead', () => {
    const score = backtestLateShipmentAlerts(history, {
      threshold: 0.6,
      from: new Date(base + 100 * HOUR),
      to: new Date(base + 360 * HOUR),
      asOf: new Date(base + 500 * HOUR),
    });
    expect(score.alerts).toBeGreaterThan(0);
    expect(score.truePositives).toBe(score.alerts);
    expect(score.leadDays.every((lead) => lead > 0)).toBe(true);
  });
});
