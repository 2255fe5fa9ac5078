/** create_purchase_order: raise a replenishment purchase order for one SKU to one location. */
import { z } from 'zod';
import { requireLocation, requireSku } from '../../core/catalog/index.ts';
import { getInventory } from '../../core/inventory/index.ts';
import { createPurchaseOrder } from '../../core/purchasing/index.ts';
import { locationCodeField, moneyField, reasonField, skuCodeField } from '../read/reference-fields.ts';
import { isoDay } from '../read/result-helpers.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_AND_INTEGRATION_ROLES } from './write-roles.ts';

const input = z.strictObject({
  sku: skuCodeField.describe("SKU code to order (a stock SKU; order a kit's components instead of the kit)."),
  quantity: z
    .number()
    .int()
    .positive()
    .max(1_000_000)
    .describe('Units to order: backordered quantity plus the normal order quantity, rounded up to the supplier case pack.'),
  location: locationCodeField.describe('Location code the supplier delivers to.'),
  supplier: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe("Supplier name or code (the SKU's default supplier unless the buyer agreed an alternate)."),
  unitCost: moneyField('zero', "Agreed unit cost; omitted = the SKU's standard cost.").optional(),
  expectedAt: z.iso.date().optional().describe('Supplier-confirmed delivery date (YYYY-MM-DD, not in the past); omit if unconfirmed.'),
  reason: reasonField.describe('Why: the shortage being replenished (exception, backordered units, network inventory position).'),
});

const output = z.object({
  poNumber: z.string(),
  supplier: z.string(),
  locationCode: z.string(),
  status: z.string(),
  expectedAt: z.string().nullable(),
  lines: z.array(z.object({ skuCode: z.string(), quantity: z.number().int(), unitCost: z.number() })),
  totalValue: z.number(),
  ...writeResultFields,
});

export const createPurchaseOrderTool = defineDomainWriteTool({
  name: 'create_purchase_order',
  title: 'Create a purchase order',
  description:
    'Raises a submitted purchase order to a supplier for one SKU, delivered to one location (sop-po-replenishment). Use it ' +
    'when a stock conflict or aged backorder shows a structural shortage: network ATS below zero and no open PO covering ' +
    "the deficit. Check get_inventory's inboundPurchaseOrders first — duplicate POs are the most common mistake. " +
    'Preconditions: the SKU exists and is not a kit, the location is active, the expected date is not in the past. ' +
    'Reports quantity and PO value (as amount) to the policy. Returns the PO number, lines and total value.',
  risk: 'medium',
  roles: PROPOSER_AND_INTEGRATION_ROLES,
  idempotent: false,
  // A new purchase order that goes to the supplier; nothing existing changes.
  reachesOutside: true,
  additive: true,
  input,
  output,
  async facts({ tx }, request) {
    const view = await getInventory(tx, { sku: request.sku });
    const location = await requireLocation(tx, request.location);
    return {
      skuCode: view.sku.code,
      locationCode: location.code,
      supplier: request.supplier,
      quantity: request.quantity,
      networkAts: view.availableToSell.ats,
      openPurchaseOrderQuantity: view.inboundPurchaseOrders.reduce((sum, po) => sum + po.open, 0),
      openPurchaseOrders: view.inboundPurchaseOrders.length,
      expectedAt: request.expectedAt ?? null,
    };
  },
  apply: ({ tx }, request, change) =>
    createPurchaseOrder(
      tx,
      {
        supplier: request.supplier,
        location: request.location,
        lines: [
          { sku: request.sku, quantity: request.quantity, ...(request.unitCost !== undefined ? { unitCost: request.unitCost } : {}) },
        ],
        ...(request.expectedAt ? { expectedAt: request.expectedAt } : {}),
        reason: request.reason,
      },
      change,
    ),
  trialFacts: (_context, po) => ({
    unitCost: po.lines[0]?.unitCost ?? null,
    // The PO's value: authority limits and budgets are measured on it.
    amount: po.totalValue,
  }),
  async touched({ tx }, po, request) {
    const sku = await requireSku(tx, request.sku);
    const location = await requireLocation(tx, po.locationCode);
    return { skuIds: [sku.id], locationIds: [location.id] };
  },
  present: (po, redetection) => ({
    poNumber: po.poNumber,
    supplier: po.supplier,
    locationCode: po.locationCode,
    status: po.status,
    expectedAt: isoDay(po.expectedAt),
    lines: po.lines,
    totalValue: po.totalValue,
    ...redetection,
  }),
});
