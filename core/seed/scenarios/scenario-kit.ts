/**
 * What every demo scenario is built from: an order drafted at a chosen time with the tenant's prices,
 * a named account or consumer, and the scenario shape itself. Scenario orders are about one thing, so
 * their incidental behaviour (cancellations, returns, address trouble) is switched off.
 */
import { HOUR } from '../local-time.ts';
import {
  backgroundBehaviour,
  type OrderBehaviour,
  type PlannedCustomer,
  type PlannedLine,
  type PlannedOrder,
  randomAddress,
} from '../order-plan.ts';
import type { SeedRun } from '../seed-run.ts';
import type { Random } from '../seeded-random.ts';
import type { TenantProfile } from '../tenant-profile.ts';
import { roundMoney } from '../../domain/money.ts';

export interface DemoScenario {
  name: string;
  description: string;
  orders: PlannedOrder[];
  /** Stock the scenario controls, received at the start of the timeline. */
  openingStock?: Array<{ sku: string; location: string; quantity: number }>;
  /** Operations that need the final order numbers (ERP retries, counts, notices, holds). */
  schedule?: (run: SeedRun) => void;
}

export interface OrderDraft {
  key: string;
  placedAt: Date;
  channel: string;
  customer: PlannedCustomer;
  lines: Array<{ sku: string; quantity: number }>;
  externalRef?: string;
  behaviour?: (base: OrderBehaviour) => OrderBehaviour;
}

function draftOrder(profile: TenantProfile, random: Random, draft: OrderDraft): PlannedOrder {
  const channel = profile.channels.find((c) => c.channel === draft.channel) ?? profile.channels[0]!;
  const prices = new Map(profile.skus.map((sku) => [sku.code, sku.price]));
  const lines: PlannedLine[] = draft.lines.map((line) => {
    const price = prices.get(line.sku);
    if (price === undefined) throw new Error(`demo scenario ${draft.key} uses unknown SKU ${line.sku}`);
    return { sku: line.sku, quantity: line.quantity, unitPrice: price };
  });
  const subtotal = roundMoney(lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0));
  const shippingTotal = profile.model === 'b2b' ? (subtotal < 750 ? 42.5 : 0) : subtotal >= 60 ? 0 : 6.95;
  const taxTotal = profile.model === 'b2b' ? 0 : roundMoney(subtotal * 0.0725);
  const total = roundMoney(subtotal + shippingTotal + taxTotal);
  const order: PlannedOrder = {
    key: draft.key,
    number: '',
    ...(draft.externalRef ? { externalRef: draft.externalRef } : {}),
    placedAt: draft.placedAt,
    channel,
    customer: draft.customer,
    lines,
    shippingTotal,
    taxTotal,
    discountTotal: 0,
    total,
    promisedDate: new Date(draft.placedAt.getTime() + channel.promiseHours * HOUR),
    address: draft.customer.address,
    behaviour: undefined as unknown as OrderBehaviour,
    scenario: draft.key.split(':')[0],
  };
  const base = backgroundBehaviour(profile, order, random.fork(`behaviour/${draft.key}`));
  // Scenario orders are about one thing: no incidental cancellations, returns or address trouble.
  delete base.cancelAfterMinutes;
  delete base.return;
  delete base.addressFailure;
  base.delivery = { kind: 'on_time' };
  if (base.erp !== 'not_required') base.erp = { failures: [], succeedAfterMinutes: random.int(5, 30) };
  order.behaviour = draft.behaviour ? draft.behaviour(base) : base;
  return order;
}

function account(profile: TenantProfile, code: string, random: Random): PlannedCustomer {
  const spec = profile.customers.find((customer) => customer.code === code);
  if (!spec) throw new Error(`demo scenario uses unknown account ${code}`);
  return {
    code,
    name: spec.name,
    email: spec.email,
    paymentTerms: spec.paymentTerms,
    address: randomAddress(random.fork(`address/${code}`), 'Receiving dock', spec.name),
    createdByOrder: false,
  };
}

function consumer(code: string, name: string, random: Random): PlannedCustomer {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${code.toLowerCase()}@example.com`;
  return { code, name, email, paymentTerms: 'prepaid', address: randomAddress(random.fork(`address/${code}`), name), createdByOrder: true };
}

export const markManaged = (profile: TenantProfile, codes: readonly string[]): void => {
  for (const sku of profile.skus) {
    if (codes.includes(sku.code) || (sku.components ?? []).some((component) => codes.includes(component.sku))) sku.managed = true;
  }
};

/** The helpers a scenario file uses: time before the end of the timeline, orders, accounts and consumers. */
export interface ScenarioKit {
  ago: (hours: number) => Date;
  order: (draft: OrderDraft) => PlannedOrder;
  acct: (code: string) => PlannedCustomer;
  person: (code: string, name: string) => PlannedCustomer;
}

/** Orders are drafted from `random` in call order, so scenario files are called in a fixed order. */
export function scenarioKit(profile: TenantProfile, end: Date, random: Random): ScenarioKit {
  return {
    ago: (hours) => new Date(end.getTime() - hours * HOUR),
    order: (draft) => draftOrder(profile, random, draft),
    acct: (code) => account(profile, code, random),
    person: (code, name) => consumer(code, name, random),
  };
}

/** ERP behaviour of an order the ERP never accepts: the given failures, then nothing. */
export const noErpSuccess =
  (failures: Array<{ afterMinutes: number; code: string; message: string }>) =>
  (base: OrderBehaviour): OrderBehaviour => ({ ...base, erp: { failures, succeedAfterMinutes: null } });
