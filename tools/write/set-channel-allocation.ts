/** set_channel_allocation: ring-fence units of a SKU at a location for one sales channel (or lift the ring-fence with 0). */
import { z } from 'zod';
import { requireLocation, requireSku } from '../../core/catalog/index.ts';
import type { Tx } from '../../core/db/database.ts';
import { channelSchema } from '../../core/domain/references.ts';
import { roundMoney } from '../../core/domain/money.ts';
import { PreconditionFailedError } from '../../core/errors.ts';
import { computeAvailableToSell, setChannelAllocation } from '../../core/inventory/index.ts';
import { locationCodeField, reasonField, skuCodeField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_ROLES } from './write-roles.ts';

const input = z.strictObject({
  sku: skuCodeField.describe('SKU code to ring-fence (a stock SKU, not a kit).'),
  location: locationCodeField.describe('Location whose stock is ring-fenced.'),
  channel: channelSchema.describe('Sales channel the units are kept for, e.g. "amazon" or "b2b_portal" (the channel code orders carry).'),
  quantity: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .describe(
      "Units kept for that channel (replaces the channel's current ring-fence; 0 lifts it). Other channels see that much less available-to-sell.",
    ),
  reason: reasonField.describe('Why: the shortage ahead and why this channel comes first.'),
});

const output = z.object({
  skuCode: z.string(),
  locationCode: z.string(),
  channel: z.string(),
  quantity: z.number().int(),
  previousQuantity: z.number().int(),
  ...writeResultFields,
});

interface RingFence {
  skuCode: string;
  locationCode: string;
  channel: string;
  quantity: number;
  previousQuantity: number;
}

/** Where the location's stock stands for ring-fencing: what this channel holds now, and what is left to fence. */
async function fenceRoom(tx: Tx, sku: string, location: string, channel: string) {
  const ats = await computeAvailableToSell(tx, { sku });
  const row = ats.locations.find((entry) => entry.locationCode === location);
  const fences = row?.otherChannelAllocations ?? [];
  const previous = fences.find((fence) => fence.channel === channel)?.quantity ?? 0;
  const others = fences.filter((fence) => fence.channel !== channel).reduce((sum, fence) => sum + fence.quantity, 0);
  const available = row?.available ?? 0;
  const safetyStock = row?.safetyStock ?? 0;
  return { available, safetyStock, previous, others, room: Math.max(0, available - safetyStock - others) };
}

export const setChannelAllocationTool = defineDomainWriteTool({
  name: 'set_channel_allocation',
  title: 'Ring-fence stock for a channel',
  description:
    'Sets how many units of a SKU at one location are kept for one sales channel (a channel allocation), so the other channels ' +
    'see that much less available-to-sell (rb-stockout-risk, remedy 3: ring-fence for a key channel when supply cannot arrive ' +
    "in time). Replaces the channel's current ring-fence; 0 lifts it. Preconditions: a stock SKU and an existing location, and " +
    "no more than the available units left after safety stock and other channels' ring-fences. Reports quantity, the change " +
    'and the value ring-fenced at standard cost (amount) to the policy.',
  risk: 'medium',
  roles: PROPOSER_ROLES,
  idempotent: true,
  input,
  output,
  async facts({ tx }, request) {
    const sku = await requireSku(tx, request.sku);
    if (sku.isKit) throw new PreconditionFailedError(`${sku.code} is a kit; ring-fence its components`, { sku: sku.code });
    const location = await requireLocation(tx, request.location);
    const stock = await fenceRoom(tx, sku.code, location.code, request.channel);
    if (request.quantity > stock.previous && request.quantity > stock.room) {
      throw new PreconditionFailedError(
        `${location.code} has ${stock.room} unit(s) of ${sku.code} to ring-fence (available ${stock.available}, safety stock ${stock.safetyStock}, ` +
          `other channels' ring-fences ${stock.others}); ${request.quantity} requested for ${request.channel}`,
        { sku: sku.code, location: location.code, requested: request.quantity, room: stock.room },
      );
    }
    const value = roundMoney(request.quantity * sku.unitCost);
    return {
      skuCode: sku.code,
      locationCode: location.code,
      channel: request.channel,
      quantity: request.quantity,
      previousQuantity: stock.previous,
      change: request.quantity - stock.previous,
      availableAtLocation: stock.available,
      otherChannelAllocations: stock.others,
      unitsValue: value,
      amount: value,
    };
  },
  async apply({ tx }, request): Promise<RingFence> {
    const sku = await requireSku(tx, request.sku);
    const location = await requireLocation(tx, request.location);
    const { previous } = await fenceRoom(tx, sku.code, location.code, request.channel);
    await setChannelAllocation(tx, { sku: sku.code, location: location.code, channel: request.channel, quantity: request.quantity });
    return {
      skuCode: sku.code,
      locationCode: location.code,
      channel: request.channel,
      quantity: request.quantity,
      previousQuantity: previous,
    };
  },
  async touched({ tx }, fence) {
    const sku = await requireSku(tx, fence.skuCode);
    const location = await requireLocation(tx, fence.locationCode);
    return { skuIds: [sku.id], locationIds: [location.id] };
  },
  present: (fence, redetection) => ({ ...fence, ...redetection }),
});
