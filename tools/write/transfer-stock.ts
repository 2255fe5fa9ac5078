/** transfer_stock: move available units of a SKU from a location with surplus to one that will run short (a rebalance). */
import { z } from 'zod';
import { requireLocation, requireSku } from '../../core/catalog/index.ts';
import { computeAvailableToSell, transferStock } from '../../core/inventory/index.ts';
import { roundMoney } from '../../core/domain/money.ts';
import { locationCodeField, optionalNoteField, reasonField, skuCodeField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_AND_INTEGRATION_ROLES } from './write-roles.ts';

const input = z.strictObject({
  sku: skuCodeField.describe("SKU code to move (a stock SKU; move a kit's components instead of the kit)."),
  fromLocation: locationCodeField.describe('Location the units leave: one with stock beyond its own safety stock and forecast needs.'),
  toLocation: locationCodeField.describe('Location the units go to: the one at risk of running out.'),
  quantity: z
    .number()
    .int()
    .positive()
    .max(1_000_000)
    .describe(
      "Units to move: no more than the source's surplus (a stockout_risk exception's surplusElsewhere), and what the destination needs.",
    ),
  reason: reasonField.describe('Why: the projected stockout being prevented and the surplus the units come from.'),
  note: optionalNoteField,
});

const output = z.object({
  reference: z.string(),
  skuCode: z.string(),
  fromLocation: z.string(),
  toLocation: z.string(),
  quantity: z.number().int(),
  availableAtSourceAfter: z.number().int(),
  inTransitAtDestinationAfter: z.number().int(),
  ...writeResultFields,
});

export const transferStockTool = defineDomainWriteTool({
  name: 'transfer_stock',
  title: 'Transfer stock between locations',
  description:
    'Moves available units of one SKU from one location to another (rb-stockout-risk, remedy 2: rebalance). The units leave the ' +
    "source's available stock at once and wait at the destination as in_transit until the warehouse confirms arrival " +
    '(inventory.received with fromInTransit); the warehouse hears of the transfer through the action outbox. Use it when a ' +
    'location is projected to run out and another holds a surplus beyond its own needs. Preconditions: two different active ' +
    "locations, a stock SKU (not a kit), and no more than the source's available stock less its safety stock and channel " +
    'ring-fences. Reports quantity and the value moved at standard cost (amount) to the policy.',
  risk: 'medium',
  roles: PROPOSER_AND_INTEGRATION_ROLES,
  idempotent: false,
  // The warehouse ships the units: it acts outside this copilot.
  reachesOutside: true,
  input,
  output,
  async facts({ tx }, request) {
    const sku = await requireSku(tx, request.sku);
    const from = await requireLocation(tx, request.fromLocation);
    const to = await requireLocation(tx, request.toLocation);
    const ats = await computeAvailableToSell(tx, { sku: sku.code });
    const atsAt = (code: string) => ats.locations.find((row) => row.locationCode === code)?.ats ?? null;
    const value = roundMoney(request.quantity * sku.unitCost);
    return {
      skuCode: sku.code,
      fromLocation: from.code,
      toLocation: to.code,
      quantity: request.quantity,
      unitCost: sku.unitCost,
      atsAtSource: atsAt(from.code),
      atsAtTarget: atsAt(to.code),
      unitsValue: value,
      // The value moved at standard cost: authority limits and budgets are measured on it.
      amount: value,
    };
  },
  apply: ({ tx }, request, change) =>
    transferStock(
      tx,
      {
        sku: request.sku,
        fromLocation: request.fromLocation,
        toLocation: request.toLocation,
        quantity: request.quantity,
        note: request.note ? `${request.reason} — ${request.note}` : request.reason,
      },
      change,
    ),
  trialFacts: (_context, transfer) => ({
    transferableAtSource: transfer.transferableAtSource,
    availableAtSourceAfter: transfer.availableAtSourceAfter,
  }),
  async touched({ tx }, transfer) {
    const sku = await requireSku(tx, transfer.skuCode);
    const from = await requireLocation(tx, transfer.fromLocation);
    const to = await requireLocation(tx, transfer.toLocation);
    return { skuIds: [sku.id], locationIds: [from.id, to.id] };
  },
  present: (transfer, redetection) => ({
    reference: transfer.reference,
    skuCode: transfer.skuCode,
    fromLocation: transfer.fromLocation,
    toLocation: transfer.toLocation,
    quantity: transfer.quantity,
    availableAtSourceAfter: transfer.availableAtSourceAfter,
    inTransitAtDestinationAfter: transfer.inTransitAtDestinationAfter,
    ...redetection,
  }),
});
