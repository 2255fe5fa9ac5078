/**
 * The run handler of `inventory.adjusted`: adjustments planned and written set-based
 * (core/inventory/adjust-inventory-in-bulk.ts), cut before the first one that adds sellable stock a
 * backordered order waits for — the one-by-one handler follows that with an allocation run, which
 * must happen in the order of the events. What each applied event touched: its SKU and the kits
 * built from it, its location (as the one-by-one handler reports them).
 */
import { kitsContaining } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import type { ChangeContext } from '../domain/change-context.ts';
import { planAdjustments, recordAdjustments } from '../inventory/adjust-inventory-in-bulk.ts';
import { backordersWaitingOn } from '../orders/backorders-waiting.ts';
import type { TouchedEntities } from './after-event-hooks.ts';
import type { EventOfType } from './event-schemas.ts';

export async function adjustmentRun(
  tx: Tx,
  events: ReadonlyArray<{ event: EventOfType<'inventory.adjusted'>; context: ChangeContext }>,
): Promise<Array<Partial<TouchedEntities>>> {
  const plan = await planAdjustments(
    tx,
    events.map(({ event, context }) => ({ input: event.data, context })),
  );
  const adds = (adjustment: (typeof plan)[number]) => adjustment.delta > 0 && adjustment.status === 'available';
  const waiting = await backordersWaitingOn(
    tx,
    plan.filter(adds).map((adjustment) => adjustment.skuId),
  );
  const waitedFor = new Set([...waiting.values()].flat());
  const cut = plan.findIndex((adjustment) => adds(adjustment) && waitedFor.has(adjustment.skuId));
  const run = cut < 0 ? plan : plan.slice(0, cut);
  await recordAdjustments(tx, run);
  const kits = await kitsContaining(
    tx,
    run.map((adjustment) => adjustment.skuId),
  );
  return run.map(({ skuId, locationId }) => ({ skuIds: [skuId, ...(kits.get(skuId) ?? [])], locationIds: [locationId], orderIds: [] }));
}
