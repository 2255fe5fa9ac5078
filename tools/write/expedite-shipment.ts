/** expedite_shipment: ask the warehouse to pick an order in the next wave and, optionally, ship it with a faster carrier service. */
import { z } from 'zod';
import { expediteOrder, requireOrder } from '../../core/orders/index.ts';
import { moneyField, orderNumberField, reasonField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { loadOrderFacts } from './order-facts.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_AND_INTEGRATION_ROLES } from './write-roles.ts';

const carrierText = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.&/-]*$/, 'letters, digits, spaces and _ . & / -');

const input = z.strictObject({
  order: orderNumberField,
  carrier: carrierText.optional().describe('Carrier to ship with, e.g. "UPS"; omitted = the location\'s usual carrier.'),
  serviceLevel: carrierText
    .optional()
    .describe(
      'Faster carrier service, e.g. "2day" or "overnight" (a late_shipment_risk exception names the fasterService the location has used); omitted = priority pick only.',
    ),
  upgradeCost: moneyField('zero', 'What the faster service costs over the usual one, when the carrier contract says.').optional(),
  reason: reasonField.describe('Why: the ship-by date at risk and what the upgrade saves (hours of transit).'),
});

const output = z.object({
  orderNumber: z.string(),
  orderStatus: z.string(),
  priority: z.literal('expedite'),
  carrier: z.string().nullable(),
  serviceLevel: z.string().nullable(),
  previousCarrier: z.string().nullable(),
  previousServiceLevel: z.string().nullable(),
  upgradeCost: z.number().nullable(),
  expeditedAt: z.string(),
  ...writeResultFields,
});

export const expediteShipmentTool = defineDomainWriteTool({
  name: 'expedite_shipment',
  title: 'Expedite a shipment',
  description:
    'Marks an order for priority picking in the next wave at its location and, when a carrier service is given, asks the ' +
    'warehouse to ship it with that faster service (rb-late-shipment-risk, remedy 3: expedite). Use it for an order likely to ' +
    'ship late whose goods are in stock, where a faster service saves at least the hours the pick will lose. The warehouse ' +
    'system receives it through the action outbox. Preconditions: the order is validated, reserved, released or partly ' +
    'shipped, not held and not backordered, and not already expedited the same way. Reports upgradeCost as amount to the policy.',
  risk: 'medium',
  roles: PROPOSER_AND_INTEGRATION_ROLES,
  idempotent: false,
  // The warehouse and carrier act on it, and an upgrade costs money.
  reachesOutside: true,
  input,
  output,
  async facts({ tx }, request) {
    const { facts } = await loadOrderFacts(tx, request.order);
    return {
      ...facts,
      carrier: request.carrier ?? null,
      serviceLevel: request.serviceLevel ?? null,
      serviceUpgrade: request.serviceLevel !== undefined,
      // The upgrade's cost: authority limits and budgets are measured on it. Missing when unknown, so no
      // amount-based allow rule can match an upgrade of unknown cost.
      ...(request.upgradeCost !== undefined ? { amount: request.upgradeCost, upgradeCost: request.upgradeCost } : {}),
    };
  },
  apply: ({ tx }, request, change) =>
    expediteOrder(
      tx,
      {
        order: request.order,
        reason: request.reason,
        ...(request.carrier !== undefined ? { carrier: request.carrier } : {}),
        ...(request.serviceLevel !== undefined ? { serviceLevel: request.serviceLevel } : {}),
        ...(request.upgradeCost !== undefined ? { upgradeCost: request.upgradeCost } : {}),
      },
      change,
    ),
  touched: async ({ tx }, expedite) => ({ orderIds: [(await requireOrder(tx, expedite.orderNumber)).id] }),
  present: (expedite, redetection) => ({
    orderNumber: expedite.orderNumber,
    orderStatus: expedite.orderStatus,
    priority: expedite.priority,
    carrier: expedite.carrier,
    serviceLevel: expedite.serviceLevel,
    previousCarrier: expedite.previousCarrier,
    previousServiceLevel: expedite.previousServiceLevel,
    upgradeCost: expedite.upgradeCost,
    expeditedAt: expedite.expeditedAt.toISOString(),
    ...redetection,
  }),
});
