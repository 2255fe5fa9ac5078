/** release_credit_hold: take a customer account off credit hold and let its held orders continue. */
import { z } from 'zod';
import { releaseCreditHold } from '../../core/customers/index.ts';
import { requireOrder } from '../../core/orders/index.ts';
import { customerCodeField, reasonField } from '../read/reference-fields.ts';
import { loadCreditFacts } from './credit-facts.ts';
import { creditHoldOutputSchema, presentCreditHold } from './credit-hold-result.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { PROPOSER_ROLES } from './write-roles.ts';

const input = z.strictObject({
  customer: customerCodeField,
  note: reasonField.describe(
    'Why the hold can go: the cleared cause with evidence (payment applied, exposure under the limit), or who accepts the risk.',
  ),
});

export const releaseCreditHoldTool = defineDomainWriteTool({
  name: 'release_credit_hold',
  title: 'Release an account credit hold',
  description:
    'Takes a customer account off credit hold: the flag is cleared and the CREDIT-HOLD order holds are released, so the ' +
    "account's orders continue to allocation and release (oldest first). Use it only when the trigger no longer applies " +
    '(payment applied, exposure back under the limit) or someone with authority accepts the risk (pol-credit-hold-authority); ' +
    'releasing accepts credit risk and is restricted. Preconditions: the account is on credit hold. Reports exposure ' +
    '(as amount), limit, how far over it the account is and past-due days to the policy. Returns the orders released.',
  risk: 'high',
  roles: PROPOSER_ROLES,
  // Releasing an account that is not on hold is refused, so repeating the call changes nothing.
  idempotent: true,
  input,
  output: creditHoldOutputSchema,
  async facts({ tx, now }, request) {
    const { customer, facts } = await loadCreditFacts(tx, request.customer, now);
    const limit = customer.creditLimit;
    return {
      ...facts,
      // The credit risk a release accepts: the account's whole exposure. Authority limits are measured on it.
      amount: customer.exposure.total,
      causeCleared: (limit === null || customer.exposure.total <= limit) && customer.exposure.oldestPastDueDays <= 30,
    };
  },
  apply: ({ tx }, request, change) => releaseCreditHold(tx, request, change),
  trialFacts: (_context, result) => ({ ordersAffected: result.orders.length }),
  async touched({ tx }, result) {
    const orderIds = await Promise.all(result.orders.map(async (number) => (await requireOrder(tx, number)).id));
    return { customerIds: [result.customer.id], orderIds };
  },
  present: presentCreditHold,
});
