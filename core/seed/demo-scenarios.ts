/**
 * The deliberate demo cases: orders and operations, placed near "now", that leave open exceptions of
 * every type with specific, memorable stories (order 10482 stuck on ERP-503, a SKU oversold after a
 * cycle count, a payment captured twice, a B2B order over its credit limit …). Each case is ordinary
 * activity played through the same event path; only its timing and amounts are chosen.
 */
import { DAY } from './local-time.ts';
import type { Random } from './seeded-random.ts';
import type { TenantProfile } from './tenant-profile.ts';
import { ACME_SCENARIO_ACCOUNTS } from './scenarios/acme-accounts.ts';
import { acmeCreditHistory, acmeCreditScenarios } from './scenarios/acme-credit.ts';
import { acmeErpScenarios, stuckOrder } from './scenarios/acme-erp.ts';
import { acmeInvoiceScenarios } from './scenarios/acme-invoices.ts';
import { acmeOrderScenarios } from './scenarios/acme-orders.ts';
import { acmeStockScenarios } from './scenarios/acme-stock.ts';
import { brightsideAddressScenarios } from './scenarios/brightside-addresses.ts';
import { brightsideDuplicateScenarios } from './scenarios/brightside-duplicates.ts';
import { brightsideErpScenarios } from './scenarios/brightside-erp.ts';
import { brightsideFulfilmentScenarios } from './scenarios/brightside-fulfilment.ts';
import { brightsideHistory } from './scenarios/brightside-history.ts';
import { brightsidePaymentScenarios } from './scenarios/brightside-payments.ts';
import { brightsideStockScenarios } from './scenarios/brightside-stock.ts';
import { type DemoScenario, markManaged, scenarioKit } from './scenarios/scenario-kit.ts';

export type { DemoScenario } from './scenarios/scenario-kit.ts';
export { STUCK_ORDER_NUMBER } from './scenarios/stuck-order-number.ts';

// Scenario orders draw from one random stream in call order: keep the order of the calls below.
export function acmeScenarios(profile: TenantProfile, end: Date, random: Random): DemoScenario[] {
  profile.customers.push(...ACME_SCENARIO_ACCOUNTS.map((customer) => ({ ...customer })));
  markManaged(profile, ['BRG-22210-E', 'HYD-JIC-08-08-ST']);
  const kit = scenarioKit(profile, end, random);
  const stuck = stuckOrder(kit);
  const history = acmeCreditHistory(kit);
  return [
    ...acmeErpScenarios(kit, stuck),
    ...acmeCreditScenarios(kit, history),
    ...acmeInvoiceScenarios(kit),
    ...acmeStockScenarios(kit),
    ...acmeOrderScenarios(kit),
  ];
}

export function brightsideScenarios(profile: TenantProfile, end: Date, random: Random): DemoScenario[] {
  markManaged(profile, ['BS-CND14-LAVF', 'BS-CND08-EUCM', 'BS-CND08-FRCR']);
  const kit = scenarioKit(profile, end, random);
  const history = brightsideHistory(kit);
  return [
    ...brightsidePaymentScenarios(kit),
    ...brightsideDuplicateScenarios(kit),
    ...brightsideAddressScenarios(kit),
    ...brightsideStockScenarios(kit, history),
    ...brightsideFulfilmentScenarios(kit, history),
    ...brightsideErpScenarios(kit),
  ];
}

/** Hours before "now" a scenario timeline may start: the planner leaves room for these. */
export const SCENARIO_HORIZON_MS = 80 * DAY;
