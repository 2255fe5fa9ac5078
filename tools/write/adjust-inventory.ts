/** adjust_inventory: post a counted or signed stock correction with a mandatory reason code. */
import { z } from 'zod';
import { requireLocation, requireSku } from '../../core/catalog/index.ts';
import { PreconditionFailedError } from '../../core/errors.ts';
import { ADJUSTMENT_REASON_CODES, STOCK_STATUSES, adjustInventory, getInventory } from '../../core/inventory/index.ts';
import { locationCodeField, optionalNoteField, skuCodeField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_AND_INTEGRATION_ROLES } from './write-roles.ts';

const WEEK_MS = 7 * 86_400_000;

const input = z
  .strictObject({
    sku: skuCodeField,
    location: locationCodeField,
    reasonCode: z
      .enum(ADJUSTMENT_REASON_CODES)
      .describe(
        'CC cycle-count variance (+/−); DMG damaged in warehouse (−, moves to damaged); LOST not found after search (−); FOUND found stock (+); SCRAP disposed (−); RECV receiving correction (+/−); SAMPLE samples (−); EXP expired (−).',
      ),
    countedQuantity: z
      .number()
      .int()
      .min(0)
      .max(10_000_000)
      .optional()
      .describe(
        'The physical count: the book quantity is set to it (preferred for cycle counts; repeating it is harmless). Give this or delta.',
      ),
    delta: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((value) => value !== 0, 'must not be 0')
      .optional()
      .describe('Signed change in units (e.g. -3 for three damaged units). Give this or countedQuantity.'),
    status: z
      .enum(STOCK_STATUSES)
      .exclude(['allocated'])
      .default('available')
      .describe(
        'Stock status to correct: available (default), quarantine, damaged, returns_hold or in_transit. Allocated stock changes only through reservations.',
      ),
    reference: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Evidence reference: count sheet or RF count id, damage log entry, pricing or receiving ticket.'),
    note: optionalNoteField,
  })
  .refine((request) => (request.countedQuantity === undefined) !== (request.delta === undefined), {
    message: 'give exactly one of countedQuantity or delta',
    path: ['countedQuantity'],
  });

const output = z.object({
  skuCode: z.string(),
  locationCode: z.string(),
  status: z.string(),
  reasonCode: z.string(),
  before: z.number().int(),
  after: z.number().int(),
  delta: z.number().int(),
  valueChange: z.number().describe('delta × unit cost: the change in inventory value.'),
  ...writeResultFields,
});

export const adjustInventoryTool = defineDomainWriteTool({
  name: 'adjust_inventory',
  title: 'Adjust inventory',
  description:
    'Posts an inventory correction for a SKU at a location with a reason code: set the book quantity to a physical count ' +
    '(countedQuantity), or apply a signed change (delta). It changes on-hand, available-to-sell and inventory value. Use ' +
    'it for cycle-count variances, damage, loss, found stock and receiving corrections backed by evidence — never to ' +
    'paper over a stock conflict or a failed ERP sync (pol-inventory-adjustment-approval). Preconditions: the SKU is not ' +
    'a kit, the reason code fits the direction (FOUND only adds; DMG, LOST, SCRAP, SAMPLE, EXP only remove), the count ' +
    'differs from the book, and non-available stock cannot go below zero. Reports units and value at cost to the policy. ' +
    'Returns the quantities before and after.',
  risk: 'high',
  roles: PROPOSER_AND_INTEGRATION_ROLES,
  idempotent: false,
  input,
  output,
  async facts({ tx, now }, request) {
    const view = await getInventory(tx, { sku: request.sku, location: request.location });
    const location = await requireLocation(tx, request.location);
    const recent = view.recentAdjustments.filter(
      (adjustment) => adjustment.locationCode === location.code && now.getTime() - adjustment.occurredAt.getTime() <= WEEK_MS,
    );
    return {
      skuCode: view.sku.code,
      locationCode: location.code,
      stockStatus: request.status,
      reasonCode: request.reasonCode,
      unitCost: view.sku.unitCost,
      countBased: request.countedQuantity !== undefined,
      atsAtLocation: view.availableToSell.ats,
      adjustmentsLast7Days: recent.length,
    };
  },
  apply: ({ tx }, request, change) =>
    adjustInventory(
      tx,
      {
        sku: request.sku,
        location: request.location,
        status: request.status,
        reasonCode: request.reasonCode,
        ...(request.countedQuantity !== undefined ? { countedQuantity: request.countedQuantity } : { delta: request.delta }),
        ...(request.reference !== undefined ? { reference: request.reference } : {}),
        ...(request.note !== undefined ? { note: request.note } : {}),
      },
      change,
    ),
  trialFacts(_context, result) {
    if (result.delta === 0) {
      throw new PreconditionFailedError(
        `the count of ${result.skuCode} at ${result.locationCode} (${result.status}) already matches the book quantity ${result.before}; nothing to adjust`,
        {
          sku: result.skuCode,
          location: result.locationCode,
          quantity: result.before,
        },
      );
    }
    const unitsValue = Math.abs(result.valueChange);
    return {
      before: result.before,
      after: result.after,
      delta: result.delta,
      quantity: Math.abs(result.delta),
      direction: result.delta > 0 ? 'increase' : 'decrease',
      unitsValue,
      // The value the adjustment moves at standard cost: authority limits are measured on it.
      amount: unitsValue,
    };
  },
  async touched({ tx }, result) {
    const sku = await requireSku(tx, result.skuCode);
    const location = await requireLocation(tx, result.locationCode);
    return { skuIds: [sku.id], locationIds: [location.id] };
  },
  present: (result, redetection) => ({
    skuCode: result.skuCode,
    locationCode: result.locationCode,
    status: result.status,
    reasonCode: result.reasonCode,
    before: result.before,
    after: result.after,
    delta: result.delta,
    valueChange: result.valueChange,
    ...redetection,
  }),
});
