/** issue_refund: refund money captured on an order, partially or fully, never more than is refundable. */
import { z } from 'zod';
import { roundMoney } from '../../core/domain/money.ts';
import { REFUND_WINDOW_DAYS, issueRefund, refundableBalance, refundedInWindow } from '../../core/payments/index.ts';
import { requireReturn } from '../../core/returns/index.ts';
import { moneyAmountField, orderNumberField, reasonField, rmaNumberField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { loadOrderFacts } from './order-facts.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_ROLES } from './write-roles.ts';

const input = z.strictObject({
  order: orderNumberField,
  amount: moneyAmountField.describe(
    'Amount to refund in the order currency (> 0, at most two decimals). It can never exceed what is refundable: captured minus already refunded (see get_order payments). Pass the refundable amount for a full refund.',
  ),
  reason: reasonField.describe(
    'Why the customer is refunded (over-capture, return, goodwill under the refund policy …), as shown to approvers and in the order history.',
  ),
  rma: rmaNumberField.optional().describe('The return (RMA number) this refund is for, when refunding returned goods.'),
});

const output = z.object({
  orderNumber: z.string(),
  amount: z.number(),
  refunds: z
    .array(z.object({ psp: z.string(), pspReference: z.string(), amount: z.number() }))
    .describe('One refund per captured payment it was taken from (oldest payment first).'),
  capturedTotal: z.number(),
  refundedBefore: z.number(),
  refundableAfter: z.number(),
  fullRefund: z.boolean().describe('True when everything captured has now been refunded.'),
  ...writeResultFields,
});

export const issueRefundTool = defineDomainWriteTool({
  name: 'issue_refund',
  title: 'Issue a refund',
  description:
    "Refunds money captured on an order through its payment provider, partially or in full, split across the order's " +
    'captured payments oldest first. Use it for an over-capture (payment mismatch), a returned item, or goodwill allowed ' +
    'by the refund policy — not to change a price (override_price) and never to pay out more than was taken. ' +
    'Preconditions: the order has captured payments, and the amount is at most the refundable amount (captured − already ' +
    'refunded); the RMA, when given, belongs to the order. Reports the refundable amount, the refunds on the order in the ' +
    "last 30 days (and this refund's sum with them), order value and the customer's tier and credit status to the " +
    'policy. Returns the refunds created and what remains refundable.',
  risk: 'high',
  roles: PROPOSER_ROLES,
  idempotent: false,
  // Money leaves through the payment provider.
  reachesOutside: true,
  input,
  output,
  async facts({ tx, now }, request) {
    const { order, facts } = await loadOrderFacts(tx, request.order);
    if (request.rma) await requireReturn(tx, request.rma);
    const balance = await refundableBalance(tx, order.id);
    const refundedRecently = await refundedInWindow(tx, order.id, now);
    return {
      ...facts,
      amount: request.amount,
      // The refund bands count per order over a rolling window (pol-refund-approval-matrix): policies
      // compare cumulativeRefundAmount so a refund split into small ones meets the band of their sum.
      refundedLast30Days: refundedRecently,
      cumulativeRefundAmount: roundMoney(refundedRecently + request.amount),
      refundWindowDays: REFUND_WINDOW_DAYS,
      refundableAmount: balance.refundable,
      capturedAmount: balance.captured,
      refundedAmount: balance.refunded,
      fullRefund: Math.abs(balance.refundable - request.amount) < 0.005,
      // What was captured beyond the order's value (net of refunds): the one refund the data itself justifies.
      overCapturedAmount: Math.max(0, roundMoney(balance.captured - balance.refunded - order.total)),
      refundPercentOfOrder: order.total > 0 ? roundMoney((request.amount / order.total) * 100) : null,
      rmaNumber: request.rma ?? null,
    };
  },
  apply: ({ tx }, request, change) =>
    issueRefund(
      tx,
      { order: request.order, amount: request.amount, reason: request.reason, ...(request.rma ? { rma: request.rma } : {}) },
      change,
    ),
  trialFacts: (_context, result) => ({ refundableAfter: result.refundableAfter, paymentsRefunded: result.refunds.length }),
  async touched({ tx }, result, request) {
    const { order } = await loadOrderFacts(tx, result.orderNumber);
    const returnIds = request.rma ? [(await requireReturn(tx, request.rma)).id] : [];
    return { orderIds: [order.id], returnIds };
  },
  present: (result, redetection) => ({
    orderNumber: result.orderNumber,
    amount: result.amount,
    refunds: result.refunds.map((refund) => ({ psp: refund.psp, pspReference: refund.pspReference, amount: refund.amount })),
    capturedTotal: result.capturedTotal,
    refundedBefore: result.refundedBefore,
    refundableAfter: result.refundableAfter,
    fullRefund: result.fullRefund,
    ...redetection,
  }),
});
