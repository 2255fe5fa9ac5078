/**
 * Probability that an open order misses its ship-by date, from the tenant's own history. An order is
 * in one of two stages — waiting for release (captured … reserved) or released to the warehouse — and
 * may be held or backordered. For orders that went through the same stage in the same condition (and,
 * with enough of them, from the same location), the empirical distribution of "time from entering the
 * stage to shipping" gives, conditional on the time this order has already spent there,
 * P(it still needs longer than the time left before its ship-by date).
 */
import type { OrderFlow } from '../core/orders/index.ts';

export type FlowStage = 'awaiting_release' | 'released';

export interface OrderState {
  stage: FlowStage;
  enteredAt: Date;
  /** On hold or backordered at the moment of prediction. */
  blocked: boolean;
  locationCode: string | null;
}

const HOUR = 3_600_000;
/** Fewest comparable orders a probability is computed from; fewer falls back to a coarser group. */
export const MIN_COMPARABLE_ORDERS = 15;
/** Share of comparable orders shipped by the "likely shipped by" time quoted in a delay notice. */
export const LIKELY_SHIPPED_QUANTILE = 0.9;

const isBlocked = (flow: OrderFlow, at: Date): boolean =>
  flow.holds.some((hold) => hold.from <= at && (hold.to === null || hold.to > at)) ||
  (flow.backorderedAt !== null &&
    flow.backorderedAt <= at &&
    (flow.reservedAt === null || flow.reservedAt <= flow.backorderedAt || flow.reservedAt > at));

/** The order as it stood at `at`; null when it was not open then (not placed yet, shipped or cancelled). */
export function orderStateAt(flow: OrderFlow, at: Date): OrderState | null {
  if (flow.placedAt > at) return null;
  if (flow.shippedAt && flow.shippedAt <= at) return null;
  if (flow.cancelledAt && flow.cancelledAt <= at) return null;
  const released = flow.releasedAt !== null && flow.releasedAt <= at;
  return {
    stage: released ? 'released' : 'awaiting_release',
    enteredAt: released ? flow.releasedAt! : flow.placedAt,
    blocked: isBlocked(flow, at),
    locationCode: flow.locationCode,
  };
}

interface Sample {
  hours: number;
  blocked: boolean;
  locationCode: string | null;
}

/** Durations to ship, per stage, learned from orders shipped before a moment. */
export class ShipTimeModel {
  private readonly samples: Record<FlowStage, Sample[]> = { awaiting_release: [], released: [] };

  constructor(history: readonly OrderFlow[], before: Date) {
    for (const flow of history) {
      if (!flow.shippedAt || flow.shippedAt > before) continue;
      const placedBlocked = flow.holds.length > 0 || flow.backorderedAt !== null;
      this.samples.awaiting_release.push({
        hours: (flow.shippedAt.getTime() - flow.placedAt.getTime()) / HOUR,
        blocked: placedBlocked,
        locationCode: flow.locationCode,
      });
      if (flow.releasedAt) {
        this.samples.released.push({
          hours: (flow.shippedAt.getTime() - flow.releasedAt.getTime()) / HOUR,
          blocked: flow.holds.some((hold) => hold.from >= flow.releasedAt!),
          locationCode: flow.locationCode,
        });
      }
    }
  }

  /**
   * P(ship later than the deadline | the state and the hours already spent in it); null without comparable
   * history. With it, `likelyHoursToShip`: the hours from `at` by which LIKELY_SHIPPED_QUANTILE of the
   * comparable orders had shipped — the date to give a customer, not a hope.
   */
  probabilityLate(
    state: OrderState,
    at: Date,
    deadline: Date,
  ): { probability: number; comparable: number; likelyHoursToShip: number } | null {
    const elapsed = (at.getTime() - state.enteredAt.getTime()) / HOUR;
    const needed = (deadline.getTime() - state.enteredAt.getTime()) / HOUR;
    const groups: Array<(sample: Sample) => boolean> = [
      (sample) => sample.blocked === state.blocked && sample.locationCode === state.locationCode,
      (sample) => sample.blocked === state.blocked,
      () => true,
    ];
    for (const matches of groups) {
      const remaining: number[] = [];
      let late = 0;
      for (const sample of this.samples[state.stage]) {
        if (!matches(sample) || sample.hours < elapsed) continue;
        remaining.push(sample.hours - elapsed);
        if (sample.hours > needed) late += 1;
      }
      if (remaining.length >= MIN_COMPARABLE_ORDERS) {
        remaining.sort((a, b) => a - b);
        const index = Math.min(remaining.length - 1, Math.ceil(LIKELY_SHIPPED_QUANTILE * remaining.length) - 1);
        return { probability: late / remaining.length, comparable: remaining.length, likelyHoursToShip: remaining[index]! };
      }
    }
    return null;
  }
}
