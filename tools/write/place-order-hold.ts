/** place_order_hold: stop an order from being released to the warehouse while something is checked. */
import { z } from 'zod';
import { HOLD_REASON_CODES, listOrderHolds, placeOrderHold } from '../../core/orders/index.ts';
import { orderNumberField, reasonField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { HOLD_REASON_DESCRIPTION, holdExceptionTypeFact } from './hold-reasons.ts';
import { loadOrderFacts } from './order-facts.ts';
import { holdViewSchema, toHoldView } from './hold-view.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_AND_INTEGRATION_ROLES } from './write-roles.ts';

const input = z.strictObject({
  order: orderNumberField,
  reasonCode: z.enum(HOLD_REASON_CODES).describe(HOLD_REASON_DESCRIPTION),
  note: reasonField.describe('What is being checked and what would release the hold (shown to whoever releases it).'),
});

const output = z.object({
  orderNumber: z.string(),
  orderStatus: z.string(),
  activeHolds: z.array(holdViewSchema),
  ...writeResultFields,
});

export const placeOrderHoldTool = defineDomainWriteTool({
  name: 'place_order_hold',
  title: 'Place an order hold',
  description:
    'Puts a hold with a reason code on an order so it is not released to the warehouse (or is pulled from the next wave if ' +
    'released but not picked). Use it before investigating a problem that would make shipping wrong: payment mismatch, ' +
    'suspected duplicate, failed address validation, fraud review, pending ERP sync, or a customer asking to wait. ' +
    'Preconditions: the order has not shipped, been invoiced, closed or cancelled, and has no active hold with the same ' +
    'reason code. Holds are reversible with release_order_hold. Returns the order status and its active holds.',
  risk: 'low',
  roles: PROPOSER_AND_INTEGRATION_ROLES,
  // A second hold with the same reason is refused, so repeating the call changes nothing.
  idempotent: true,
  // Adds a hold; the order's other state is untouched.
  additive: true,
  input,
  output,
  async facts({ tx }, request) {
    const { order, facts } = await loadOrderFacts(tx, request.order);
    const active = await listOrderHolds(tx, order.id, { activeOnly: true });
    return {
      ...facts,
      ...holdExceptionTypeFact(request.reasonCode),
      holdReasonCode: request.reasonCode,
      activeHoldCount: active.length,
      activeHoldCodes: active.map((hold) => hold.reasonCode).join(',') || null,
    };
  },
  apply: ({ tx }, request, change) => placeOrderHold(tx, request, change),
  touched: (_context, result) => ({ orderIds: [result.order.id] }),
  present: (result, redetection) => ({
    orderNumber: result.order.number,
    orderStatus: result.order.status,
    activeHolds: result.activeHolds.map(toHoldView),
    ...redetection,
  }),
});
