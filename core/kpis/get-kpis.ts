/**
 * The operations KPIs from the product brief, over one window, for whatever the transaction sees:
 * one tenant under withTenant (the normal case), every tenant together under asOperator.
 */
import type { Tx } from '../db/database.ts';
import { backorderRate } from './backorder-rate.ts';
import { exceptionSlaBreachRate, type SlaBreachStat } from './exception-sla-breach.ts';
import { inventoryAdjustmentFrequency, type AdjustmentFrequencyStat } from './inventory-adjustment-frequency.ts';
import { parseKpiWindow, type DurationStat, type RateStat } from './kpi-window.ts';
import { openExceptions, type OpenExceptionsStat } from './open-exceptions.ts';
import { orderReleaseTime } from './order-release-time.ts';
import { perfectOrderRate, type PerfectOrderStat } from './perfect-order-rate.ts';
import { returnToRestockCycleTime } from './return-to-restock.ts';

export interface Kpis {
  window: { from: string; to: string };
  orderReleaseTime: DurationStat;
  backorderRate: RateStat;
  perfectOrderRate: PerfectOrderStat;
  returnToRestockCycleTime: DurationStat;
  openExceptions: OpenExceptionsStat;
  exceptionSlaBreachRate: SlaBreachStat;
  inventoryAdjustmentFrequency: AdjustmentFrequencyStat;
}

export async function getKpis(tx: Tx, input: { from: Date; to: Date }): Promise<Kpis> {
  const window = parseKpiWindow(input);
  return {
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    orderReleaseTime: await orderReleaseTime(tx, window),
    backorderRate: await backorderRate(tx, window),
    perfectOrderRate: await perfectOrderRate(tx, window),
    returnToRestockCycleTime: await returnToRestockCycleTime(tx, window),
    openExceptions: await openExceptions(tx, window),
    exceptionSlaBreachRate: await exceptionSlaBreachRate(tx, window),
    inventoryAdjustmentFrequency: await inventoryAdjustmentFrequency(tx, window),
  };
}

/** The window ending now (or at `to`) and reaching back `days` days. */
export function trailingWindow(days: number, to: Date = new Date()): { from: Date; to: Date } {
  return { from: new Date(to.getTime() - days * 86_400_000), to };
}
