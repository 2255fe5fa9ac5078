/** release_order_hold: remove one hold from an order once its reason is resolved. */
import { z } from 'zod';
import { HOLD_REASON_CODES, listOrderHolds, releaseOrderHold } from '../../core/orders/index.ts';
import { PreconditionFailedError } from '../../core/errors.ts';
import { orderNumberField, reasonField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { HOLD_REASON_DESCRIPTION, holdExceptionTypeFact } from './hold-reasons.ts';
import { holdViewSchema, toHoldView } from './hold-view.ts';
import { loadOrderFacts } from './order-facts.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_ROLES } from './write-roles.ts';

const input = z.strictObject({
  order: orderNumberField,
  reasonCode: z.enum(HOLD_REASON_CODES).describe(`The active hold to release. ${HOLD_REASON_DESCRIPTION}`),
  note: reasonField.describe('How the reason for the hold was resolved, with the evidence (shown in the order history).'),
});

const output = z.object({
  orderNumber: z.string(),
  orderStatus: z.string().describe('on_hold while other holds remain; otherwise the status the order continues from.'),
  activeHolds: z.array(holdViewSchema).describe('Holds still active on the order.'),
  ...writeResultFields,
});

export const releaseOrderHoldTool = defineDomainWriteTool({
  name: 'release_order_hold',
  title: 'Release an order hold',
  description:
    'Releases one active hold (by reason code) from an order once its cause is resolved; if no other hold remains the ' +
    'order continues where it stopped (allocation, release to the warehouse). Use it after the evidence is on the ' +
    'exception (payment settled, address validated, duplicate ruled out, ERP confirmed). Preconditions: the order has an ' +
    'active hold with that reason code. Releasing one hold never clears the others. Returns the order status and the ' +
    'holds still active.',
  risk: 'medium',
  roles: PROPOSER_ROLES,
  // Releasing a hold that is no longer active is refused, so repeating the call changes nothing.
  idempotent: true,
  input,
  output,
  async facts({ tx, now, principal }, request) {
    const { order, facts } = await loadOrderFacts(tx, request.order);
    const active = await listOrderHolds(tx, order.id, { activeOnly: true });
    const hold = active.find((candidate) => candidate.reasonCode === request.reasonCode);
    if (!hold) {
      const others = active.map((candidate) => candidate.reasonCode).join(', ') || 'none';
      throw new PreconditionFailedError(`order ${order.number} has no active ${request.reasonCode} hold (active holds: ${others})`, {
        order: order.number,
        reasonCode: request.reasonCode,
      });
    }
    return {
      ...facts,
      ...holdExceptionTypeFact(request.reasonCode),
      holdReasonCode: request.reasonCode,
      holdPlacedBy: hold.placedBy,
      holdPlacedByCaller: hold.placedBy === principal.userName,
      holdAgeHours: Math.max(0, Math.floor((now.getTime() - hold.placedAt.getTime()) / 3_600_000)),
      otherActiveHolds: active.length - 1,
    };
  },
  apply: ({ tx }, request, change) => releaseOrderHold(tx, request, change),
  trialFacts: (_context, result) => ({ orderStatusAfter: result.order.status }),
  touched: (_context, result) => ({ orderIds: [result.order.id] }),
  present: (result, redetection) => ({
    orderNumber: result.order.number,
    orderStatus: result.order.status,
    activeHolds: result.activeHolds.map(toHoldView),
    ...redetection,
  }),
});
