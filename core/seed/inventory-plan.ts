/**
 * Master data and stock for a demo tenant: locations, SKUs and accounts through upsert events,
 * opening stock through receipts, then a daily replenishment run (a reorder-point policy with
 * supplier lead times, so popular SKUs sometimes backorder and recover) and daily cycle counts.
 * Safety stock and channel ring-fences have no event type; they are set with the domain's own
 * stock-settings functions, as an inventory planner would in the OMS.
 */
import { setChannelAllocation, setSafetyStock } from '../inventory/index.ts';
import { createPurchaseOrder } from '../purchasing/index.ts';
import { DAY, HOUR, atLocalHour } from './local-time.ts';
import type { PlannedOrder } from './order-plan.ts';
import type { SeedEvent, SeedRun } from './seed-run.ts';
import type { SkuSpec } from './tenant-profile.ts';

/** Units per stocked SKU (kits exploded into components) over a set of orders. */
export function unitsBySku(skus: readonly SkuSpec[], orders: readonly PlannedOrder[]): Map<string, number> {
  const byCode = new Map(skus.map((sku) => [sku.code, sku]));
  const units = new Map<string, number>();
  for (const order of orders) {
    for (const line of order.lines) {
      const sku = byCode.get(line.sku);
      const components = sku?.components?.length ? sku.components : [{ sku: line.sku, quantity: 1 }];
      for (const component of components) units.set(component.sku, (units.get(component.sku) ?? 0) + line.quantity * component.quantity);
    }
  }
  return units;
}

/** Average daily demand per stocked SKU over the planned order book. */
export function dailyDemand(skus: readonly SkuSpec[], orders: readonly PlannedOrder[], days: number): Map<string, number> {
  return new Map([...unitsBySku(skus, orders)].map(([sku, units]) => [sku, units / days]));
}

export async function setUpMasterData(run: SeedRun, at: Date): Promise<void> {
  const { profile } = run;
  const events: SeedEvent[] = profile.locations.map((location) => ({ type: 'location.upserted', data: location, at }));
  const ordered = [...profile.skus.filter((sku) => !sku.components), ...profile.skus.filter((sku) => sku.components)];
  for (const sku of ordered) {
    events.push({
      type: 'sku.upserted',
      data: {
        code: sku.code,
        name: sku.name,
        category: sku.category,
        uom: sku.uom,
        unitCost: sku.unitCost,
        price: sku.price,
        currency: 'USD',
        ...(sku.components ? { components: sku.components } : {}),
      },
      at,
    });
  }
  for (const customer of profile.customers) {
    events.push({
      type: 'customer.upserted',
      data: {
        code: customer.code,
        name: customer.name,
        email: customer.email,
        kind: customer.kind,
        tier: customer.tier,
        paymentTerms: customer.paymentTerms,
        creditLimit: customer.creditLimit,
        currency: 'USD',
      },
      at,
    });
  }
  await run.emitAll(events);
}

const SUPPLIERS: Record<string, string> = {
  fasteners: 'Midland Fastener Wholesale',
  bearings: 'Great Lakes Bearing Distributors',
  hydraulics: 'FluidPower Source Inc.',
  'cutting tools': 'Precision Tooling Supply',
  safety: 'SafeGuard PPE Distribution',
  abrasives: 'Norton Abrasives (distributor)',
  lubricants: 'PetroLube Industrial',
  'power transmission': 'Drive & Chain Wholesale',
  candles: 'Northwoods Soy Candle Co-op',
  'home fragrance': 'Aromatica Fill & Pack',
  'wax melts': 'Northwoods Soy Candle Co-op',
  accessories: 'Hearth & Home Accessories Ltd',
};

export interface StockTarget {
  sku: string;
  location: string;
  /** Units per day this location is expected to ship. */
  daily: number;
  /** A typical order line's quantity: B2B demand is lumpy, so stock levels never fall below a few lines' worth. */
  lot: number;
}

/** Typical line quantity of each stocked SKU, sold on its own or inside kits. */
function typicalLots(skus: readonly SkuSpec[]): Map<string, number> {
  const typical = (sku: SkuSpec): number => Math.ceil(sku.quantity[0] + 0.5 * (sku.quantity[1] - sku.quantity[0]));
  const lots = new Map<string, number>();
  for (const sku of skus) {
    if (sku.components?.length) {
      for (const component of sku.components)
        lots.set(component.sku, Math.max(lots.get(component.sku) ?? 0, typical(sku) * component.quantity));
    } else lots.set(sku.code, Math.max(lots.get(sku.code) ?? 0, typical(sku)));
  }
  return lots;
}

export class InventoryPlanner {
  private readonly targets: StockTarget[] = [];
  private readonly stockedSkus = new Set<string>();
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly run: SeedRun,
    private readonly demand: Map<string, number>,
  ) {}

  /** Where each stocked SKU is kept and how fast it sells there (the demand history is generated from these). */
  stockTargets(): ReadonlyArray<Readonly<StockTarget>> {
    return this.targets;
  }

  /** Opening stock (about five weeks of demand at the main node, two at the second), safety stock, ring-fences. */
  async openingStock(at: Date): Promise<void> {
    const { run } = this;
    const random = run.random.fork('opening-stock');
    const fulfilling = run.profile.locations.filter((location) => location.fulfillsOrders);
    const other = run.profile.locations.filter((location) => !location.fulfillsOrders);
    const stocked = run.profile.skus.filter((sku) => !sku.components && !sku.managed);
    const ranked = [...stocked].sort((a, b) => (this.demand.get(b.code) ?? 0) - (this.demand.get(a.code) ?? 0));
    const topShare = new Set(ranked.slice(0, Math.ceil(ranked.length * 0.3)).map((sku) => sku.code));
    const onDisplay = new Set(ranked.slice(0, 24).map((sku) => sku.code));
    const lots = typicalLots(run.profile.skus);
    const receipts: SeedEvent[] = [];
    for (const sku of stocked) {
      const daily = Math.max(this.demand.get(sku.code) ?? 0, 0.05);
      const lot = lots.get(sku.code) ?? 1;
      const main = fulfilling[0]!;
      const mainDaily = topShare.has(sku.code) && fulfilling[1] ? daily * 0.8 : daily;
      this.targets.push({ sku: sku.code, location: main.code, daily: mainDaily, lot });
      this.stockedSkus.add(sku.code);
      const opening = Math.max(3 * lot, Math.ceil(mainDaily * random.between(30, 42)));
      receipts.push({
        type: 'inventory.received',
        data: { sku: sku.code, location: main.code, quantity: opening, reference: 'Opening balance' },
        at,
      });
      if (topShare.has(sku.code) && fulfilling[1]) {
        this.targets.push({ sku: sku.code, location: fulfilling[1].code, daily: daily * 0.2, lot });
        receipts.push({
          type: 'inventory.received',
          data: {
            sku: sku.code,
            location: fulfilling[1].code,
            quantity: Math.max(lot, Math.ceil(daily * random.between(8, 14))),
            reference: 'Opening balance',
          },
          at,
        });
      }
      if (onDisplay.has(sku.code) && other.length > 0) {
        const location = random.pick(other);
        receipts.push({
          type: 'inventory.received',
          data: { sku: sku.code, location: location.code, quantity: random.int(4, 24), reference: 'Opening balance' },
          at,
        });
      }
    }
    await run.emitAll(receipts);
    await run.inTenant(async (tx) => {
      for (const sku of ranked.slice(0, 60)) {
        const daily = this.demand.get(sku.code) ?? 0;
        if (daily >= 0.3) await setSafetyStock(tx, { sku: sku.code, location: fulfilling[0]!.code, quantity: Math.ceil(daily * 2) });
      }
      const marketplace = run.profile.channels.find((channel) => channel.channel === 'amazon');
      if (marketplace) {
        for (const sku of ranked.slice(0, 20))
          await setChannelAllocation(tx, { sku: sku.code, location: fulfilling[0]!.code, channel: 'amazon', quantity: 5 });
      }
    });
  }

  /**
   * An expedited receipt just before a demo scenario's order: enough for its lines plus anything
   * already waiting for those SKUs (a receipt serves the oldest backorders first), so a scenario about
   * a payment or an invoice is not also, by accident, a backorder. Scenario-managed SKUs are left alone.
   */
  scheduleScenarioSupply(order: PlannedOrder): void {
    const { run } = this;
    const units = unitsBySku(run.profile.skus, [order]);
    const main = run.profile.locations.find((location) => location.fulfillsOrders)!;
    run.clock.schedule(order.placedAt.getTime() - 45 * 60_000, async (at) => {
      const codes = [...units.keys()].filter((code) => this.stockedSkus.has(code));
      if (codes.length === 0) return;
      const waiting = await run.inTenant((tx) =>
        tx.query<{ sku: string; quantity: number; available: number }>(
          `SELECT s.code AS sku,
                  coalesce((SELECT sum((l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled) * coalesce(k.quantity, 1))
                              FROM order_lines l JOIN orders o ON o.id = l.order_id
                              LEFT JOIN kit_components k ON k.kit_sku_id = l.sku_id AND k.component_sku_id = s.id
                             WHERE (l.sku_id = s.id OR k.component_sku_id = s.id) AND o.status NOT IN ('cancelled', 'closed', 'shipped', 'invoiced')), 0)::int AS quantity,
                  coalesce((SELECT b.quantity FROM inventory_balances b JOIN locations l ON l.id = b.location_id
                             WHERE b.sku_id = s.id AND l.code = $2 AND b.status = 'available'), 0)::int AS available
             FROM skus s WHERE s.code = ANY($1::text[]) ORDER BY s.code`,
          [codes, main.code],
        ),
      );
      for (const row of waiting.rows) {
        const needed = units.get(row.sku)! + row.quantity - Math.max(row.available, 0);
        if (needed <= 0) continue;
        await run.emit(
          'inventory.received',
          { sku: row.sku, location: main.code, quantity: needed, reference: `Expedited inbound for ${order.number}` },
          at,
        );
      }
    });
  }

  /** Starts the daily replenishment and cycle-count runs (06:30 local). */
  start(from: Date): void {
    const first = atLocalHour(new Date(from.getTime() + DAY), 6.5, this.run.profile.timezone);
    for (let day = first.getTime(); day <= this.run.clock.end.getTime(); day += DAY) {
      this.run.clock.schedule(atLocalHour(new Date(day), 6.5, this.run.profile.timezone), (at) => this.daily(at));
    }
  }

  private supplierFor(skuCode: string): string {
    const category = this.run.profile.skus.find((sku) => sku.code === skuCode)?.category ?? 'general';
    return SUPPLIERS[category] ?? 'General Industrial Wholesale';
  }

  private async daily(at: Date): Promise<void> {
    const { run } = this;
    const random = run.random.fork(`daily/${at.toISOString().slice(0, 10)}`);
    const balances = await run.inTenant((tx) =>
      tx.query<{ sku: string; location: string; quantity: number }>(
        `SELECT s.code AS sku, l.code AS location, b.quantity FROM inventory_balances b
           JOIN skus s ON s.id = b.sku_id JOIN locations l ON l.id = b.location_id
          WHERE b.status = 'available' AND l.fulfills_orders
          ORDER BY s.code, l.code`,
      ),
    );
    const available = new Map(balances.rows.map((row) => [`${row.sku}|${row.location}`, row.quantity]));
    const [minLead, maxLead] = run.profile.leadTimeDays;
    for (const target of this.targets) {
      const key = `${target.sku}|${target.location}`;
      if (this.pending.has(key)) continue;
      const onHand = available.get(key) ?? 0;
      const reorderPoint = Math.max(target.daily * ((minLead + maxLead) / 2 + 6), 1.5 * target.lot);
      if (onHand > reorderPoint) continue;
      const lead = random.int(minLead, maxLead);
      const quantity = Math.max(3 * target.lot, Math.ceil(target.daily * random.between(28, 40)));
      const po = `PO-${run.profile.model === 'b2b' ? 'A' : 'B'}${run.next('po', 41_000)}`;
      const arrival = atLocalHour(new Date(at.getTime() + lead * DAY), random.between(8, 15), run.profile.timezone);
      this.pending.set(key, quantity);
      // The planner raises the PO in the OMS (there is no event for it); the receipt arrives through the WMS event.
      await run.inTenant((tx) =>
        createPurchaseOrder(
          tx,
          {
            poNumber: po,
            supplier: this.supplierFor(target.sku),
            location: target.location,
            lines: [{ sku: target.sku, quantity }],
            expectedAt: arrival,
            reason: `Reorder point reached (${onHand} available, reorder point ${Math.ceil(reorderPoint)})`,
          },
          { actor: 'planner:auto-replenishment', at },
        ),
      );
      run.clock.schedule(arrival, async (when) => {
        this.pending.delete(key);
        await run.emit(
          'inventory.received',
          { sku: target.sku, location: target.location, quantity, purchaseOrder: po, reference: `Receipt against ${po}` },
          when,
        );
      });
    }
    // Cycle counts and housekeeping adjustments on well-stocked bins only (a count never invents a shortage here).
    const candidates = balances.rows.filter((row) => row.quantity >= 6 && this.stockedSkus.has(row.sku));
    for (let count = random.int(1, 5); count > 0 && candidates.length > 0; count -= 1) {
      const bin = random.pick(candidates);
      const [reasonCode, delta] = random.weighted(
        [
          ['CC', -1],
          ['CC', -2],
          ['CC', 1],
          ['DMG', -1],
          ['FOUND', 1],
          ['LOST', -1],
        ] as const,
        [4, 2, 2, 2, 1, 1],
      );
      await run.emit(
        'inventory.adjusted',
        {
          sku: bin.sku,
          location: bin.location,
          delta,
          reasonCode,
          reference: `${reasonCode === 'CC' ? 'Cycle count' : 'Adjustment'} ${at.toISOString().slice(0, 10)}`,
        },
        new Date(at.getTime() + random.between(1, 8) * HOUR),
      );
    }
  }
}
