/** Operations KPIs: release time, backorders, perfect orders, returns, exceptions, adjustments. */
export { getKpis, trailingWindow } from './get-kpis.ts';
export type { Kpis } from './get-kpis.ts';
export { kpiWindowSchema } from './kpi-window.ts';
export type { DurationStat, KpiWindow, RateStat } from './kpi-window.ts';
export { orderReleaseTime } from './order-release-time.ts';
export { backorderRate } from './backorder-rate.ts';
export { perfectOrderRate } from './perfect-order-rate.ts';
export type { PerfectOrderStat } from './perfect-order-rate.ts';
export { returnToRestockCycleTime } from './return-to-restock.ts';
export { AGE_BUCKETS, openExceptions } from './open-exceptions.ts';
export type { AgeBucket, AgeCounts, OpenExceptionsStat } from './open-exceptions.ts';
export { exceptionSlaBreachRate } from './exception-sla-breach.ts';
export type { SlaBreachStat } from './exception-sla-breach.ts';
export { inventoryAdjustmentFrequency } from './inventory-adjustment-frequency.ts';
export type { AdjustmentFrequencyStat } from './inventory-adjustment-frequency.ts';
