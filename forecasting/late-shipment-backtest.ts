/**
 * Replays late-shipment-risk alerts over order history: once a day, every order open and not yet past
 * its ship-by date is scored by a model trained on orders shipped before that moment. An order's first
 * alert is right when the order did ship late (or not by its date); its lead is the days from that
 * alert to the ship-by date. Orders that turned out late with no alert before their date are missed.
 */
import type { OrderFlow } from '../core/orders/index.ts';
import { ShipTimeModel, orderStateAt } from './late-shipment-risk.ts';
import type { AlertScore } from './stockout-backtest.ts';

const DAY = 86_400_000;

export function wasLate(flow: OrderFlow, asOf: Date): boolean {
  if (!flow.promisedAt || flow.cancelledAt) return false;
  if (flow.shippedAt) return flow.shippedAt > flow.promisedAt;
  return asOf > flow.promisedAt;
}

export function backtestLateShipmentAlerts(
  flows: readonly OrderFlow[],
  options: { threshold: number; from: Date; to: Date; asOf: Date },
): AlertScore {
  const firstAlert = new Map<string, Date>();
  for (let at = options.from.getTime(); at < options.to.getTime(); at += DAY) {
    const moment = new Date(at);
    const model = new ShipTimeModel(flows, moment);
    for (const flow of flows) {
      if (!flow.promisedAt || flow.promisedAt <= moment || firstAlert.has(flow.orderId)) continue;
      const state = orderStateAt(flow, moment);
      if (!state) continue;
      const estimate = model.probabilityLate(state, moment, flow.promisedAt);
      if (estimate && estimate.probability >= options.threshold) firstAlert.set(flow.orderId, moment);
    }
  }
  const score: AlertScore = { alerts: 0, truePositives: 0, events: 0, detected: 0, leadDays: [] };
  for (const flow of flows) {
    const alertedAt = firstAlert.get(flow.orderId);
    const late = wasLate(flow, options.asOf);
    const eventInWindow = late && flow.promisedAt! >= options.from && flow.promisedAt! < options.to;
    if (alertedAt) {
      score.alerts += 1;
      if (late) {
        score.truePositives += 1;
        score.leadDays.push(Math.round(((flow.promisedAt!.getTime() - alertedAt.getTime()) / DAY) * 10) / 10);
      }
    }
    if (eventInWindow) {
      score.events += 1;
      if (alertedAt) score.detected += 1;
    }
  }
  return score;
}
