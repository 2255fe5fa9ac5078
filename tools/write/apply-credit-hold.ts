/** apply_credit_hold: put a customer account on credit hold, holding all its unshipped orders. */
import { z } from 'zod';
import { applyCreditHold } from '../../core/customers/index.ts';
import { requireOrder } from '../../core/orders/index.ts';
import { customerCodeField, reasonField } from '../read/reference-fields.ts';
import { loadCreditFacts } from './credit-facts.ts';
import { creditHoldOutputSchema, presentCreditHold } from './credit-hold-result.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { PROPOSER_ROLES } from './write-roles.ts';

const input = z.strictObject({
  customer: customerCodeField,
  reason: reasonField.describe('The trigger and the figures: credit limit, exposure, oldest past-due invoice (rb-credit-hold).'),
});

export const applyCreditHoldTool = defineDomainWriteTool({
  name: 'apply_credit_hold',
  title: 'Apply an account credit hold',
  description:
    'Puts a B2B customer account on credit hold: the account is flagged and every unshipped order of it gets a ' +
    'CREDIT-HOLD order hold, so nothing more is released to the warehouse. Use it when a credit trigger is confirmed ' +
    '(exposure above the limit, invoice more than 30 days past due, returned payment, collections flag) — rather than ' +
    'holding orders one by one; for a single problem order use place_order_hold with CREDIT-REVIEW. Preconditions: the ' +
    'account is not already on credit hold. Reports limit, exposure and past-due days to the policy. Returns the orders held.',
  risk: 'medium',
  roles: PROPOSER_ROLES,
  // Applying a hold to an account already on hold is refused, so repeating the call changes nothing.
  idempotent: true,
  input,
  output: creditHoldOutputSchema,
  facts: async ({ tx, now }, request) => (await loadCreditFacts(tx, request.customer, now)).facts,
  apply: ({ tx }, request, change) => applyCreditHold(tx, request, change),
  trialFacts: (_context, result) => ({ ordersAffected: result.orders.length }),
  async touched({ tx }, result) {
    const orderIds = await Promise.all(result.orders.map(async (number) => (await requireOrder(tx, number)).id));
    return { customerIds: [result.customer.id], orderIds };
  },
  present: presentCreditHold,
});
