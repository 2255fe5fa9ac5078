/**
 * The operations KPIs from the product brief, over one window, for whatever the transaction sees:
 * one tenant under withTenant (the normal case), every tenant together under asOperator.
 */
import type { Tx } from '../db/database.ts';
import { adjustmentRootCauses, type AdjustmentRootCause } from '../inventory/index.ts';
import {
  atsAccuracy,
  backorderDuration,
  channelMargins,
  type AtsAccuracyStat,
  type BackorderDurationStat,
  type ChannelMarginStat,
  type FulfilmentCosts,
} from '../orders/index.ts';
import { settlementReconciliationTime, type SettlementReconciliationStat } from '../payments/index.ts';
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
  /** How often the ATS a channel promised turned out fulfillable (core/orders). */
  atsAccuracy: AtsAccuracyStat;
  /** How long backordered lines waited (core/orders). */
  backorderDuration: BackorderDurationStat;
  /** Adjustments by reason code (core/inventory). */
  adjustmentRootCauses: AdjustmentRootCause[];
  /** Gross margin by channel after fulfilment and return costs (core/orders). */
  channelMargin: ChannelMarginStat;
  /** Payment settlement to ERP reconciliation (core/payments). */
  settlementToErp: SettlementReconciliationStat;
}

/** Without the tenant's cost settings the margin is computed with no fulfilment or return cost (and says so in `costs`). */
const NO_COSTS: FulfilmentCosts = { perShipment: 0, perUnit: 0, perReturn: 0 };

export async function getKpis(tx: Tx, input: { from: Date; to: Date }, options: { costs?: FulfilmentCosts } = {}): Promise<Kpis> {
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
    atsAccuracy: await atsAccuracy(tx, window),
    backorderDuration: await backorderDuration(tx, window),
    adjustmentRootCauses: await adjustmentRootCauses(tx, window),
    channelMargin: await channelMargins(tx, window, options.costs ?? NO_COSTS),
    settlementToErp: await settlementReconciliationTime(tx, window),
  };
}

/** The window ending now (or at `to`) and reaching back `days` days. */
export function trailingWindow(days: number, to: Date = new Date()): { from: Date; to: Date } {
  return { from: new Date(to.getTime() - days * 86_400_000), to };
}
