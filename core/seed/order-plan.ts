/**
 * The background order book: who orders what, when, through which channel, and how each order's
 * life will go (payment, ERP sync, shipping, delivery, invoice, return). Everything is drawn from
 * seeded random streams before the simulation starts; the simulation then plays it through events.
 */
import { FIRST_NAMES, LAST_NAMES, STREET_NAMES, STREET_SUFFIXES, US_CITIES } from './demo-names.ts';
import { DAY, HOUR, atLocalHour, localWeekday } from './local-time.ts';
import type { ShippingAddress as OrderShippingAddress } from '../orders/index.ts';
import type { Random } from './seeded-random.ts';
import type { ChannelSpec, CustomerSpec, SkuSpec, TenantProfile } from './tenant-profile.ts';
import { roundMoney } from '../domain/money.ts';

/** The order's address shape; the demo data always fills in the region. */
export type ShippingAddress = OrderShippingAddress & { region: string };

export interface PlannedCustomer {
  code: string;
  name: string;
  email: string;
  paymentTerms: CustomerSpec['paymentTerms'];
  address: ShippingAddress;
  /** D2C customers are created by their first order (the order event carries name and e-mail). */
  createdByOrder: boolean;
}

export interface ErpFailure {
  afterMinutes: number;
  code: string;
  message: string;
}

export type DeliveryPlan =
  | { kind: 'on_time' }
  | { kind: 'late'; lateDays: number }
  | { kind: 'exception'; code: string; message: string; recoverDays: number | null }
  | { kind: 'stalled'; stallHours: number };

export interface OrderBehaviour {
  /** How the PSP reports the capture: the order total, a different amount, or nothing (terms, invoice). */
  capture: { amount: number; afterMinutes: number; second?: { amount: number; afterMinutes: number } } | null;
  erp: 'not_required' | { failures: ErpFailure[]; succeedAfterMinutes: number | null };
  addressFailure?: { afterMinutes: number; field: string; reason: string; correctAfterHours: number | null };
  cancelAfterMinutes?: number;
  /** Refund the capture when cancelled (default true). */
  refundOnCancel?: boolean;
  /** false: the warehouse never ships it before "now" (a scenario keeps it where it is). */
  ship: boolean;
  /** Earliest shipping time, hours after placement. */
  pickAfterHours: number;
  carrier: { carrier: string; serviceLevel: string };
  transitDays: number;
  delivery: DeliveryPlan;
  invoice: { afterHours: number; amountDelta: number } | null;
  /** Terms accounts: days after the due date the invoice is paid (negative = early); null = not paid. */
  payAfterDueDays: number | null;
  return?: {
    afterDays: number;
    quantity: number;
    inspectAfterHours: number | null;
    disposition: 'restock' | 'damaged' | 'vendor';
    grade: 'A' | 'B' | 'C' | 'D';
  };
}

export interface PlannedLine {
  sku: string;
  quantity: number;
  unitPrice: number;
}

export interface PlannedOrder {
  /** Stable identity before numbering (sort tie-breaker). */
  key: string;
  number: string;
  externalRef?: string;
  placedAt: Date;
  channel: ChannelSpec;
  customer: PlannedCustomer;
  lines: PlannedLine[];
  shippingTotal: number;
  taxTotal: number;
  discountTotal: number;
  total: number;
  promisedDate: Date;
  address: ShippingAddress;
  behaviour: OrderBehaviour;
  /** Set on scenario orders: the demo case it belongs to. */
  scenario?: string;
}

export function randomAddress(random: Random, name: string, company?: string): ShippingAddress {
  const place = random.pick(US_CITIES);
  return {
    name,
    ...(company ? { company } : {}),
    line1: `${random.int(12, 9850)} ${random.pick(STREET_NAMES)} ${random.pick(STREET_SUFFIXES)}`,
    ...(random.chance(0.18) ? { line2: `Apt ${random.int(1, 40)}${random.pick(['', 'A', 'B'])}` } : {}),
    city: place.city,
    region: place.region,
    postalCode: place.postalCode,
    country: 'US',
    phone: `+1${random.int(201, 989)}${random.int(2_000_000, 9_999_999)}`,
  };
}

/** Demand weights per day of the timeline: weekday pattern, gentle growth, a D2C promotion. */
function dayWeights(profile: TenantProfile, start: Date, days: number): number[] {
  const weights: number[] = [];
  for (let day = 0; day < days; day += 1) {
    const noon = new Date(start.getTime() + day * DAY + 12 * HOUR);
    const weekday = localWeekday(noon, profile.timezone);
    const weekdayFactor = profile.model === 'b2b' ? [0.04, 1, 1.05, 1, 1, 0.9, 0.08][weekday]! : [1.25, 1.15, 1, 1, 1, 0.95, 1.1][weekday]!;
    const growth = 0.85 + (0.3 * day) / days;
    const promotion = profile.model === 'd2c' && (day === Math.floor(days * 0.35) || day === Math.floor(days * 0.72)) ? 2.4 : 1;
    weights.push(weekdayFactor * growth * promotion);
  }
  return weights;
}

function placementTime(profile: TenantProfile, dayStart: Date, random: Random): Date {
  const hour =
    profile.model === 'b2b'
      ? random.between(7.5, 17)
      : random.weighted([7, 10, 12, 14, 17, 20, 22], [0.6, 1, 1.4, 1, 1.2, 2, 1]) + random.between(0, 2);
  return atLocalHour(dayStart, hour, profile.timezone);
}

function pickLines(
  profile: TenantProfile,
  skus: readonly SkuSpec[],
  weights: readonly number[],
  random: Random,
  discount: number,
): PlannedLine[] {
  const [minLines, maxLines] = profile.lineCount;
  let count = minLines;
  while (count < maxLines && random.chance(profile.model === 'b2b' ? 0.62 : 0.3)) count += 1;
  const chosen = new Map<string, PlannedLine>();
  for (let attempt = 0; chosen.size < count && attempt < count * 4; attempt += 1) {
    const sku = random.weighted(skus, weights);
    if (chosen.has(sku.code)) continue;
    const [low, high] = sku.quantity;
    const quantity = Math.max(low, Math.round(low + (high - low) * random.next() ** 2.2));
    chosen.set(sku.code, { sku: sku.code, quantity, unitPrice: roundMoney(sku.price * (1 - discount)) });
  }
  return [...chosen.values()];
}

const ERP_TRANSIENT: ReadonlyArray<[string, string]> = [
  ['ERP-503', 'Service unavailable: ERP endpoint timed out after 30000 ms'],
  ['ERP-429', 'Rate limited: 429 Too Many Requests, retry after 60 s'],
  ['ERP-423', 'Record locked by another user (sales order being edited)'],
  ['ERP-500', 'ERP internal error: unexpected error in posting routine'],
];
const ERP_DATA: ReadonlyArray<[string, string]> = [
  ['ERP-422', 'Validation failed: field shipmethod is not valid for this subsidiary'],
  ['ERP-404', 'Referenced record not found: customer record not synced to ERP'],
];

function erpPlan(channel: ChannelSpec, random: Random): OrderBehaviour['erp'] {
  if (!channel.erpRequired) return 'not_required';
  const first = random.int(5, 40);
  const roll = random.next();
  if (roll < 0.03) {
    const [code, message] = random.pick(ERP_TRANSIENT);
    return { failures: [{ afterMinutes: first, code, message }], succeedAfterMinutes: first + random.int(15, 120) };
  }
  if (roll < 0.04) {
    const [code, message] = random.pick(ERP_DATA);
    return { failures: [{ afterMinutes: first, code, message }], succeedAfterMinutes: first + random.int(4 * 60, 50 * 60) };
  }
  return { failures: [], succeedAfterMinutes: first };
}

function deliveryPlan(random: Random): DeliveryPlan {
  const roll = random.next();
  if (roll < 0.06) return { kind: 'late', lateDays: random.int(1, 3) };
  if (roll < 0.08) {
    const [code, message] = random.pick([
      ['WEATHER_DELAY', 'Severe weather: delivery rescheduled'],
      ['MISSED_DELIVERY', 'Delivery attempted, business closed'],
      ['DAMAGED_IN_TRANSIT', 'Package damaged in transit, being repackaged'],
    ] as const);
    return { kind: 'exception', code, message, recoverDays: random.int(1, 3) };
  }
  if (roll < 0.09) return { kind: 'stalled', stallHours: random.int(56, 80) };
  return { kind: 'on_time' };
}

export function backgroundBehaviour(
  profile: TenantProfile,
  order: Pick<PlannedOrder, 'channel' | 'customer' | 'total' | 'lines'>,
  random: Random,
): OrderBehaviour {
  const carrier = random.weighted(
    profile.carriers,
    profile.carriers.map((c) => c.weight),
  );
  const onTerms = order.customer.paymentTerms !== 'prepaid' && order.customer.paymentTerms !== 'cod';
  const behaviour: OrderBehaviour = {
    capture: onTerms ? null : { amount: order.total, afterMinutes: random.int(1, 3) },
    erp: erpPlan(order.channel, random),
    ship: true,
    pickAfterHours: profile.model === 'b2b' ? random.between(3, 20) : random.between(2, 14),
    carrier: { carrier: carrier.carrier, serviceLevel: carrier.serviceLevel },
    transitDays: random.int(carrier.transitDays[0], carrier.transitDays[1]),
    delivery: deliveryPlan(random),
    invoice: { afterHours: profile.model === 'b2b' ? random.between(2, 20) : random.between(1, 6), amountDelta: 0 },
    payAfterDueDays: onTerms ? random.int(-12, 4) : null,
  };
  if (random.chance(profile.addressFailureRate)) {
    behaviour.addressFailure = {
      afterMinutes: 2,
      field: 'line2',
      reason: 'AV-UNIT: building found, apartment or suite number missing',
      correctAfterHours: random.between(1, 7),
    };
  }
  if (random.chance(profile.cancelRate)) behaviour.cancelAfterMinutes = random.int(20, 240);
  if (random.chance(profile.returnRate)) {
    const restock = random.chance(0.72);
    const disposition = restock ? 'restock' : random.chance(0.65) ? 'damaged' : 'vendor';
    const slow = random.chance(0.07);
    behaviour.return = {
      afterDays: random.int(4, 18),
      quantity: 1,
      inspectAfterHours: slow ? random.between(5 * 24, 9 * 24) : random.between(4, 60),
      disposition,
      grade: disposition === 'restock' ? random.pick(['A', 'B'] as const) : random.pick(['C', 'D'] as const),
    };
  }
  return behaviour;
}

export interface BackgroundPlanInput {
  profile: TenantProfile;
  count: number;
  start: Date;
  end: Date;
  random: Random;
}

/** Accounts on terms keep their projected exposure under this share of the limit (scenarios push past it on purpose). */
const EXPOSURE_HEADROOM = 0.7;
const TERM_DAYS: Record<string, number> = { prepaid: 0, cod: 0, net_15: 15, net_30: 30, net_45: 45, net_60: 60 };

export function planBackgroundOrders({ profile, count, start, end, random }: BackgroundPlanInput): PlannedOrder[] {
  const days = Math.round((end.getTime() - start.getTime()) / DAY);
  const weights = dayWeights(profile, start, days);
  const managedCodes = new Set(profile.skus.filter((sku) => sku.managed).map((sku) => sku.code));
  const sellable = profile.skus.filter(
    (sku) => !sku.managed && !(sku.components ?? []).some((component) => managedCodes.has(component.sku)),
  );
  const skuWeights = sellable.map((sku) => sku.popularity);
  const accounts = profile.customers.filter((customer) => !customer.managed);
  const accountAddresses = new Map(
    accounts.map((account) => [account.code, randomAddress(random.fork(`address/${account.code}`), 'Receiving dock', account.name)]),
  );
  const accountDiscount = new Map(
    accounts.map((account) => [
      account.code,
      account.tier === 'standard'
        ? random.fork(`discount/${account.code}`).between(0, 0.06)
        : random.fork(`discount/${account.code}`).between(0.06, 0.14),
    ]),
  );
  const recentByAccount = new Map<string, Array<{ at: number; total: number }>>();
  const consumers: PlannedCustomer[] = [];
  const poolSize = Math.max(20, Math.round(count * 0.75));

  const orders: PlannedOrder[] = [];
  const dayOf: number[] = [];
  for (let index = 0; index < count; index += 1) dayOf.push(random.weighted([...weights.keys()], weights));
  dayOf.sort((a, b) => a - b);

  for (let index = 0; index < count; index += 1) {
    const orderRandom = random.fork(`order/${index}`);
    const dayStart = new Date(start.getTime() + dayOf[index]! * DAY);
    let placedAt = placementTime(profile, dayStart, orderRandom);
    if (placedAt.getTime() > end.getTime() - 20 * 60_000) placedAt = new Date(end.getTime() - orderRandom.int(30, 600) * 60_000);
    if (placedAt < start) placedAt = new Date(start.getTime() + orderRandom.int(60, 600) * 60_000);

    let customer: PlannedCustomer;
    let channel: ChannelSpec;
    let discount = 0;
    if (profile.model === 'b2b') {
      let account = orderRandom.weighted(
        accounts,
        accounts.map((a) => a.weight),
      );
      const draft = pickLines(profile, sellable, skuWeights, orderRandom.fork('lines'), accountDiscount.get(account.code) ?? 0);
      const draftTotal = draft.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
      for (let attempt = 0; attempt < 12 && account.creditLimit !== null; attempt += 1) {
        const window = (TERM_DAYS[account.paymentTerms] ?? 30) + 10;
        const recent = (recentByAccount.get(account.code) ?? []).filter((entry) => entry.at > placedAt.getTime() - window * DAY);
        const exposure = recent.reduce((sum, entry) => sum + entry.total, 0) + draftTotal;
        if (exposure < account.creditLimit * EXPOSURE_HEADROOM) break;
        account = orderRandom.weighted(
          accounts,
          accounts.map((a) => (a.creditLimit === null ? a.weight * 3 : a.weight)),
        );
      }
      const list = recentByAccount.get(account.code) ?? [];
      list.push({ at: placedAt.getTime(), total: draftTotal });
      recentByAccount.set(account.code, list);
      discount = accountDiscount.get(account.code) ?? 0;
      customer = {
        code: account.code,
        name: account.name,
        email: account.email,
        paymentTerms: account.paymentTerms,
        address: accountAddresses.get(account.code)!,
        createdByOrder: false,
      };
      const channelName = orderRandom.pick(account.channels);
      channel = profile.channels.find((c) => c.channel === channelName) ?? profile.channels[0]!;
    } else {
      // Repeat buyers: a Zipf-like draw over a pool that grows as new customers arrive.
      const existing = consumers.length > 0 && orderRandom.chance(Math.min(0.45, consumers.length / poolSize));
      if (existing) customer = consumers[Math.floor(consumers.length * orderRandom.next() ** 2)]!;
      else {
        const first = orderRandom.pick(FIRST_NAMES);
        const last = orderRandom.pick(LAST_NAMES);
        const code = `C${String(100_000 + consumers.length)}`;
        customer = {
          code,
          name: `${first} ${last}`,
          email: `${first}.${last}.${code}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
          paymentTerms: 'prepaid',
          address: randomAddress(orderRandom.fork('address'), `${first} ${last}`),
          createdByOrder: true,
        };
        consumers.push(customer);
      }
      channel = orderRandom.weighted(
        profile.channels,
        profile.channels.map((c) => c.weight),
      );
    }
    const lines = pickLines(profile, sellable, skuWeights, orderRandom.fork('lines'), discount);
    const subtotal = roundMoney(lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0));
    const shippingTotal =
      profile.model === 'b2b' ? (subtotal < 750 ? roundMoney(orderRandom.between(18, 65)) : 0) : subtotal >= 60 ? 0 : 6.95;
    const taxTotal = profile.model === 'b2b' ? 0 : roundMoney(subtotal * 0.0725);
    const total = roundMoney(subtotal + shippingTotal + taxTotal);
    const order: PlannedOrder = {
      key: `bg-${String(index).padStart(5, '0')}`,
      number: '',
      placedAt,
      channel,
      customer,
      lines,
      shippingTotal,
      taxTotal,
      discountTotal: 0,
      total,
      promisedDate: new Date(placedAt.getTime() + channel.promiseHours * HOUR),
      address: customer.address,
      behaviour: undefined as unknown as OrderBehaviour,
    };
    order.behaviour = backgroundBehaviour(profile, order, orderRandom.fork('behaviour'));
    orders.push(order);
  }
  return orders;
}
