/**
 * The demo tenants’ demand history before the simulated 90 days: 240 days of daily demand, receipts and
 * stock per SKU × location, generated in memory and imported in one set-based statement (no events:
 * a year of orders through the event path would make seeding minutes slower).
 *
 * Demand is compound Poisson — customer orders arrive at a rate following the weekday pattern of the
 * tenant's business (B2B weekdays, D2C weekends) and a mild yearly swing, each ordering the SKU's
 * typical line quantity — so fast movers come out smooth and slow movers intermittent or lumpy, as in
 * real order books. Replenishment follows the live planner's reorder-point policy. Planted on top:
 * supplier delays announced a few days before the due date (a predictable stockout), silent late
 * deliveries (an unpredictable one) and promotions (demand surges), so a backtest has stockouts to find.
 */
import { importDailyHistory, type DailyHistoryRow } from '../inventory/index.ts';
import type { StockTarget } from './inventory-plan.ts';
import type { SeedRun } from './seed-run.ts';
import type { Random } from './seeded-random.ts';
import type { SkuSpec, TenantProfile } from './tenant-profile.ts';

const DAY_MS = 86_400_000;
/** Demand by weekday (Sunday first), mean 1. */
const WEEKDAY_SHAPE: Record<TenantProfile['model'], number[]> = {
  b2b: [0.1, 1.35, 1.3, 1.3, 1.3, 1.35, 0.3],
  d2c: [1.25, 0.85, 0.8, 0.85, 0.95, 1.1, 1.2],
};

export const DEMAND_HISTORY_DAYS = 240;

/**
 * The simulated order book is a small sample of the business (a few hundred orders keep seeding fast);
 * the history is the whole business: this many times the sample's volume, concentrated on the best
 * sellers as real assortments are (the top tenth sells four times, the next fifth twice its share).
 */
export const HISTORY_VOLUME_FACTOR = 10;

/** The daily rate a target's history is generated at, by its rank among the tenant's targets (0 = best seller). */
export function historyRate(daily: number, rank: number, count: number): number {
  const share = rank / Math.max(1, count);
  return daily * HISTORY_VOLUME_FACTOR * (share < 0.1 ? 4 : share < 0.3 ? 2 : 1);
}

function poisson(random: Random, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(random)));
  const limit = Math.exp(-lambda);
  let count = 0;
  let product = random.next();
  while (product > limit) {
    count += 1;
    product *= random.next();
  }
  return count;
}

const gaussian = (random: Random) => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());

interface OpenPurchase {
  quantity: number;
  /** Due day as the supplier has confirmed it so far. */
  expectedDay: number;
  arrivalDay: number;
  /** Day on which a delay is announced (expectedDay moves to arrivalDay). */
  noticeDay: number | null;
}

function sizeRange(sku: SkuSpec | undefined, lot: number): [number, number] {
  if (sku && !sku.components) return sku.quantity;
  return [1, Math.max(1, lot)];
}

/** One SKU × location's history, `days` days ending the day before `end`. */
export function simulateSeriesHistory(
  target: Readonly<StockTarget>,
  context: { sku: SkuSpec | undefined; model: TenantProfile['model']; leadTimeDays: [number, number]; end: Date; days: number },
  random: Random,
): Array<Omit<DailyHistoryRow, 'skuId' | 'locationId'>> {
  const [minSize, maxSize] = sizeRange(context.sku, target.lot);
  const meanSize = (minSize + maxSize) / 2;
  const [minLead, maxLead] = context.leadTimeDays;
  const shape = WEEKDAY_SHAPE[context.model];
  // A sound reorder point (the longest lead time plus a week and a half, and two lines' worth): stockouts
  // come from the planted disruptions, not from a careless policy.
  const reorderPoint = target.daily * (maxLead + 10) + 2 * target.lot;
  const firstDay = Math.floor(context.end.getTime() / DAY_MS) - context.days;
  const promotions = new Set<number>();
  for (let count = random.int(0, 2); count > 0; count -= 1) {
    const startDay = random.int(30, context.days - 20);
    for (let offset = 0; offset < 10; offset += 1) promotions.add(startDay + offset);
  }
  let onHand = Math.max(3 * target.lot, Math.ceil(target.daily * random.between(25, 40)));
  let open = null as OpenPurchase | null;
  const rows: Array<Omit<DailyHistoryRow, 'skuId' | 'locationId'>> = [];
  for (let index = 0; index < context.days; index += 1) {
    const epochDay = firstDay + index;
    let received = 0;
    if (open && open.noticeDay === index) open.expectedDay = open.arrivalDay;
    if (open && open.arrivalDay === index) {
      received = open.quantity;
      onHand += received;
      open = null;
    }
    const weekday = (epochDay + 4) % 7; // 1970-01-01 was a Thursday
    const season = 1 + 0.1 * Math.sin((2 * Math.PI * index) / 365);
    const promotion = promotions.has(index) ? 2.2 : 1;
    const orders = poisson(random, (target.daily * shape[weekday]! * season * promotion) / meanSize);
    let demand = 0;
    for (let order = 0; order < orders; order += 1) demand += random.int(minSize, maxSize);
    const filled = Math.min(demand, Math.max(onHand, 0));
    onHand -= filled;
    if (!open && onHand <= reorderPoint) {
      const lead = random.int(minLead, maxLead);
      const quantity = Math.max(3 * target.lot, Math.ceil(target.daily * random.between(21, 35)));
      const expectedDay: number = index + lead;
      const roll = random.next();
      if (roll < 0.15 && lead > 3) {
        // The supplier announces a slip a few days before the due date.
        const noticeDay = Math.max(index + 1, expectedDay - random.int(3, 7));
        open = { quantity, expectedDay, arrivalDay: expectedDay + random.int(12, 22), noticeDay };
      } else if (roll < 0.17) {
        open = { quantity, expectedDay, arrivalDay: expectedDay + random.int(2, 5), noticeDay: null };
      } else open = { quantity, expectedDay, arrivalDay: expectedDay, noticeDay: null };
    }
    rows.push({
      day: new Date(epochDay * DAY_MS).toISOString().slice(0, 10),
      demand,
      filled,
      received,
      onHand,
      onOrder: open?.quantity ?? 0,
      nextReceiptOn: open ? new Date((firstDay + Math.max(open.expectedDay, index + 1)) * DAY_MS).toISOString().slice(0, 10) : null,
    });
  }
  return rows;
}

/** Generates and imports the history of every stock target; returns the number of rows written. */
export async function seedDemandHistory(
  run: SeedRun,
  targets: ReadonlyArray<Readonly<StockTarget>>,
  end: Date,
  days = DEMAND_HISTORY_DAYS,
): Promise<number> {
  const skus = new Map(run.profile.skus.map((sku) => [sku.code, sku]));
  return run.inTenant(async (tx) => {
    const ids = await tx.query<{ kind: string; code: string; id: string }>(
      `SELECT 'sku' AS kind, code, id FROM skus UNION ALL SELECT 'location', code, id FROM locations`,
    );
    const idOf = new Map(ids.rows.map((row) => [`${row.kind}:${row.code}`, row.id]));
    const rows: DailyHistoryRow[] = [];
    const ranked = [...targets].sort((a, b) => b.daily - a.daily || a.sku.localeCompare(b.sku));
    for (const [rank, stocked] of ranked.entries()) {
      const target = { ...stocked, daily: historyRate(stocked.daily, rank, ranked.length) };
      const skuId = idOf.get(`sku:${target.sku}`);
      const locationId = idOf.get(`location:${target.location}`);
      if (!skuId || !locationId) continue;
      const random = run.random.fork(`history/${target.sku}/${target.location}`);
      const series = simulateSeriesHistory(
        target,
        { sku: skus.get(target.sku), model: run.profile.model, leadTimeDays: run.profile.leadTimeDays, end, days },
        random,
      );
      for (const row of series) rows.push({ ...row, skuId, locationId });
    }
    return importDailyHistory(tx, rows);
  });
}
