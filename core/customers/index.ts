export {
  CREDIT_STATUSES,
  CUSTOMER_TIERS,
  PAYMENT_TERMS,
  customerInputSchema,
  findCustomer,
  requireCustomer,
  shipsOnCredit,
  upsertCustomer,
} from './customers.ts';
export type { CreditStatus, Customer, CustomerInput, CustomerTier, PaymentTerms } from './customers.ts';
export { getCreditExposure } from './credit-exposure.ts';
export type { CreditExposure } from './credit-exposure.ts';
export { applyCreditHold, applyCreditHoldInputSchema, releaseCreditHold, releaseCreditHoldInputSchema } from './credit-hold.ts';
export type { ApplyCreditHoldInput, CreditHoldResult, ReleaseCreditHoldInput } from './credit-hold.ts';
export { getCustomer } from './get-customer.ts';
export type { CustomerView } from './get-customer.ts';
