/** The late-shipment half of a forecast run: score every open order against its ship-by date. */
import type { ExceptionFinding } from '../core/exceptions/index.ts';
import type { OrderFlow } from '../core/orders/index.ts';
import type { CarrierTransitTime } from '../core/shipments/index.ts';
import { ShipTimeModel, orderStateAt } from './late-shipment-risk.ts';

const HOUR = 3_600_000;
const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;
/** Fewest deliveries a carrier service's transit time is trusted from. */
export const MIN_TRANSIT_SHIPMENTS = 5;

interface CarrierService {
  carrier: string;
  serviceLevel: string | null;
  medianTransitHours: number;
  shipments: number;
}

/**
 * Per location, the carrier service it usually ships with (most deliveries) and the fastest one it has
 * used that is quicker: how many hours of a late pick a service upgrade can absorb before delivery.
 */
export function carrierServicesByLocation(
  transit: readonly CarrierTransitTime[],
): Map<string, { usual: CarrierService; faster: (CarrierService & { savesHours: number }) | null }> {
  const byLocation = new Map<string, CarrierService[]>();
  for (const row of transit) {
    if (row.shipments < MIN_TRANSIT_SHIPMENTS) continue;
    const list = byLocation.get(row.locationId) ?? [];
    list.push({ carrier: row.carrier, serviceLevel: row.serviceLevel, medianTransitHours: row.medianHours, shipments: row.shipments });
    byLocation.set(row.locationId, list);
  }
  const result = new Map<string, { usual: CarrierService; faster: (CarrierService & { savesHours: number }) | null }>();
  for (const [locationId, services] of byLocation) {
    const usual = [...services].sort((a, b) => b.shipments - a.shipments || a.medianTransitHours - b.medianTransitHours)[0]!;
    const fastest = [...services].sort((a, b) => a.medianTransitHours - b.medianTransitHours)[0]!;
    const savesHours = round(usual.medianTransitHours - fastest.medianTransitHours);
    result.set(locationId, { usual, faster: savesHours > 0 ? { ...fastest, savesHours } : null });
  }
  return result;
}

export function lateShipmentFindings(
  flows: readonly OrderFlow[],
  threshold: number,
  now: Date,
  transit: readonly CarrierTransitTime[] = [],
): ExceptionFinding[] {
  const model = new ShipTimeModel(flows, now);
  const services = carrierServicesByLocation(transit);
  const backlog = new Map<string, number>();
  const open = flows.flatMap((flow) => {
    const state = orderStateAt(flow, now);
    if (state?.locationCode) backlog.set(state.locationCode, (backlog.get(state.locationCode) ?? 0) + 1);
    return state && flow.promisedAt && flow.promisedAt > now ? [{ flow, state, promisedAt: flow.promisedAt }] : [];
  });
  const findings: ExceptionFinding[] = [];
  for (const { flow, state, promisedAt } of open) {
    const estimate = model.probabilityLate(state, now, promisedAt);
    if (!estimate || estimate.probability < threshold) continue;
    const hoursLeft = (promisedAt.getTime() - now.getTime()) / HOUR;
    const percent = Math.round(estimate.probability * 100);
    const likelyShippedBy = new Date(now.getTime() + estimate.likelyHoursToShip * HOUR);
    const service = flow.locationId ? services.get(flow.locationId) : undefined;
    findings.push({
      dedupeKey: `late_shipment_risk:${flow.orderId}`,
      severity: hoursLeft <= 24 ? 'high' : 'medium',
      title: `Order ${flow.number}: ${percent}% likely to miss its ship-by date (${round(hoursLeft)} h left)`,
      refs: { orderId: flow.orderId, locationId: flow.locationId },
      codes: { orderNumber: flow.number, ...(flow.locationCode ? { locationCode: flow.locationCode } : {}) },
      evidence: {
        orderNumber: flow.number,
        probabilityLate: round(estimate.probability, 3),
        threshold,
        stage: state.stage,
        blocked: state.blocked,
        promisedAt: promisedAt.toISOString(),
        hoursLeft: round(hoursLeft),
        hoursInStage: round((now.getTime() - state.enteredAt.getTime()) / HOUR),
        comparableOrders: estimate.comparable,
        locationCode: state.locationCode,
        locationBacklog: state.locationCode ? (backlog.get(state.locationCode) ?? 0) : 0,
        likelyShippedBy: likelyShippedBy.toISOString(),
        likelyDelayHours: round(Math.max(0, (likelyShippedBy.getTime() - promisedAt.getTime()) / HOUR)),
        usualService: service?.usual ?? null,
        fasterService: service?.faster ?? null,
      },
      resolveBy: promisedAt,
    });
  }
  return findings;
}
