/** The output both credit-hold tools share. */
import { z } from 'zod';
import type { CreditHoldResult } from '../../core/customers/index.ts';
import { clip } from '../read/result-helpers.ts';
import type { RedetectionSummary } from './domain-write-tool.ts';
import { writeResultFields } from './write-result.ts';

export const creditHoldOutputSchema = z.object({
  customerCode: z.string(),
  creditStatus: z.string().describe('ok or on_hold after the change.'),
  untrustedHoldReason: z.string().nullable().describe('The reason recorded with the account hold.'),
  orders: z.array(z.string()).describe('Order numbers held (apply) or released from the credit hold (release).'),
  ...writeResultFields,
});

export function presentCreditHold(result: CreditHoldResult, redetection: RedetectionSummary): z.infer<typeof creditHoldOutputSchema> {
  return {
    customerCode: result.customer.code,
    creditStatus: result.customer.creditStatus,
    untrustedHoldReason: clip(result.customer.creditHoldReason, 500),
    orders: result.orders,
    ...redetection,
  };
}
