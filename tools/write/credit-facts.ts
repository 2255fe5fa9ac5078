/**
 * The credit facts both credit-hold tools report: customerCode, customerTier, creditStatus,
 * paymentTerms, creditLimit, exposure, creditAvailable, exposurePercentOfLimit, overLimitBy,
 * oldestPastDueDays, openOrderCount.
 */
import type { Tx } from '../../core/db/database.ts';
import { getCustomer, type CustomerView } from '../../core/customers/index.ts';
import { roundMoney } from '../../core/domain/money.ts';
import type { ToolFacts } from '../tool.ts';

export async function loadCreditFacts(tx: Tx, customerCode: string, now: Date): Promise<{ customer: CustomerView; facts: ToolFacts }> {
  const customer = await getCustomer(tx, customerCode, now);
  const limit = customer.creditLimit;
  return {
    customer,
    facts: {
      customerCode: customer.code,
      customerTier: customer.tier,
      creditStatus: customer.creditStatus,
      paymentTerms: customer.paymentTerms,
      creditLimit: limit,
      exposure: customer.exposure.total,
      creditAvailable: customer.creditAvailable,
      exposurePercentOfLimit: customer.creditUtilizationPercent,
      overLimitBy: limit === null ? null : roundMoney(Math.max(0, customer.exposure.total - limit)),
      oldestPastDueDays: customer.exposure.oldestPastDueDays,
      openOrderCount: customer.exposure.openOrderCount,
    },
  };
}
