/** The late-shipment half of a forecast run: score every open order against its ship-by date. */
import type { ExceptionFinding } from '../core/exceptions/index.ts';
import type { OrderFlow } from '../core/orders/index.ts';
import { ShipTimeModel, orderStateAt } from './late-shipment-risk.ts';

const HOUR = 3_600_000;
const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

export function lateShipmentFindings(flows: readonly OrderFlow[], threshold: number, now: Date): ExceptionFinding[] {
  const model = new ShipTimeModel(flows, now);
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
      },
      resolveBy: promisedAt,
    });
  }
  return findings;
}
