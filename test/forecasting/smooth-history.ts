/** Test history for forecasts: smooth daily demand from a fixed pseudo-random sequence, never zero. */
import type { DailyHistoryRow } from '../../core/inventory/index.ts';

const DAY = 86_400_000;

/**
 * `days` days of demand around `perDay` (±20 %) ending `endDaysAgo` days before `now` (the forecast run
 * rolls the last days up from the ledger itself), with a constant on-hand.
 */
export function smoothHistory(
  ids: { skuId: string; locationId: string },
  options: { perDay: number; onHand: number; now: Date; days?: number; endDaysAgo?: number },
): DailyHistoryRow[] {
  const days = options.days ?? 120;
  const end = options.endDaysAgo ?? 3;
  let state = 7;
  return Array.from({ length: days }, (_, index) => {
    state = (state * 48_271) % 2_147_483_647;
    const demand = Math.max(1, Math.round(options.perDay * (0.8 + 0.4 * (state / 2_147_483_647))));
    return {
      ...ids,
      day: new Date(options.now.getTime() - (days + end - 1 - index) * DAY).toISOString().slice(0, 10),
      demand,
      filled: demand,
      onHand: options.onHand,
    };
  });
}
