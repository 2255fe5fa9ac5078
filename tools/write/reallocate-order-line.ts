/** reallocate_order_line: move an order line's reservation to another location that has the stock. */
import { z } from 'zod';
import { requireLocation } from '../../core/catalog/index.ts';
import { computeAvailableToSell } from '../../core/inventory/index.ts';
import { REALLOCATION_REASON_CODES, reallocateOrderLine, type Reallocation } from '../../core/orders/index.ts';
import type { ToolContext } from '../tool.ts';
import { lineNumberField, locationCodeField, optionalNoteField, orderNumberField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { loadOrderFacts } from './order-facts.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_ROLES } from './write-roles.ts';

const input = z.strictObject({
  order: orderNumberField,
  lineNumber: lineNumberField,
  toLocation: locationCodeField.describe(
    'Code of the location to fulfil the line from; it must fulfil orders and have the units available.',
  ),
  reasonCode: z
    .enum(REALLOCATION_REASON_CODES)
    .describe(
      'RA-SHORT: the current location is short of stock; RA-BACKORDER: the line is backordered and another location has it; RA-CAPACITY: the current location is overloaded; RA-DELAY: another location ships faster.',
    ),
  note: optionalNoteField,
});

const output = z.object({
  orderNumber: z.string(),
  orderStatus: z.string(),
  lineNumber: z.number().int(),
  skuCode: z.string(),
  quantity: z.number().int().describe('Units now reserved at the target location.'),
  fromLocations: z.array(z.object({ locationCode: z.string(), quantity: z.number().int() })),
  toLocation: z.string(),
  splitShipment: z.boolean().describe('True when other lines of the order ship from elsewhere: the customer gets two parcels.'),
  ...writeResultFields,
});

export const reallocateOrderLineTool = defineDomainWriteTool({
  name: 'reallocate_order_line',
  title: 'Reallocate an order line to another location',
  description:
    "Moves an order line's reservation (or its unreserved, backordered quantity) to another fulfilling location that has the " +
    'units available: the stock reserved at the current location is released and reserved at the target. The first-choice ' +
    'fix for a stock conflict or an aged backorder. Preconditions: the order is validated, backordered, reserved or released ' +
    '(not on hold, picked or shipped); the target location fulfils orders and has enough available stock (check get_inventory ' +
    'first). Returns the units moved, from where, and whether the order now ships in two parcels.',
  risk: 'medium',
  roles: PROPOSER_ROLES,
  // A second identical call finds the line already reserved at the target and changes nothing.
  idempotent: true,
  input,
  output,
  async facts({ tx }, request) {
    const { facts } = await loadOrderFacts(tx, request.order);
    return { ...facts, lineNumber: request.lineNumber, toLocation: request.toLocation, reasonCode: request.reasonCode };
  },
  apply: ({ tx }, request, change) => reallocateOrderLine(tx, request, change),
  async trialFacts({ tx }, result) {
    const target = await computeAvailableToSell(tx, { sku: result.skuCode, location: result.toLocation });
    const source = result.fromLocations[0];
    const sourceAts = source ? await computeAvailableToSell(tx, { sku: result.skuCode, location: source.locationCode }) : undefined;
    return {
      skuCode: result.skuCode,
      quantity: result.quantity,
      fromLocation: result.fromLocations.map((from) => from.locationCode).join(',') || null,
      atsAtTarget: target.ats,
      availableAtTarget: target.locations[0]?.available ?? 0,
      atsAtSource: sourceAts?.ats ?? null,
      splitShipment: result.splitShipment,
    };
  },
  touched: (context, result) => touchedByReallocation(context, result),
  present: (result, redetection) => ({
    orderNumber: result.order.number,
    orderStatus: result.order.status,
    lineNumber: result.lineNumber,
    skuCode: result.skuCode,
    quantity: result.quantity,
    fromLocations: result.fromLocations,
    toLocation: result.toLocation,
    splitShipment: result.splitShipment,
    ...redetection,
  }),
});

async function touchedByReallocation({ tx }: ToolContext, result: Reallocation) {
  const locations = [result.toLocation, ...result.fromLocations.map((from) => from.locationCode)];
  const locationIds = await Promise.all(locations.map(async (code) => (await requireLocation(tx, code)).id));
  return { orderIds: [result.order.id], locationIds };
}
