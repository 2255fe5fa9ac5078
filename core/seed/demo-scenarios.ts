/**
 * The deliberate demo cases: orders and operations, placed near "now", that leave open exceptions of
 * every type with specific, memorable stories (order 10482 stuck on ERP-503, a SKU oversold after a
 * cycle count, a payment captured twice, a B2B order over its credit limit …). Each case is ordinary
 * activity played through the same event path; only its timing and amounts are chosen.
 */
import { applyCreditHold } from '../customers/index.ts';
import { redetectForEntities } from '../exceptions/index.ts';
import { sendBackorderNotice } from '../orders/index.ts';
import { DAY, HOUR } from './local-time.ts';
import {
  backgroundBehaviour,
  randomAddress,
  roundMoney,
  type OrderBehaviour,
  type PlannedCustomer,
  type PlannedLine,
  type PlannedOrder,
} from './order-plan.ts';
import type { SeedRun } from './seed-run.ts';
import type { Random } from './seeded-random.ts';
import type { CustomerSpec, TenantProfile } from './tenant-profile.ts';

/** The order every demo script asks about. */
export const STUCK_ORDER_NUMBER = '10482';

export interface DemoScenario {
  name: string;
  description: string;
  orders: PlannedOrder[];
  /** Stock the scenario controls, received at the start of the timeline. */
  openingStock?: Array<{ sku: string; location: string; quantity: number }>;
  /** Operations that need the final order numbers (ERP retries, counts, notices, holds). */
  schedule?: (run: SeedRun) => void;
}

interface OrderDraft {
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

const markManaged = (profile: TenantProfile, codes: readonly string[]): void => {
  for (const sku of profile.skus) {
    if (codes.includes(sku.code) || (sku.components ?? []).some((component) => codes.includes(component.sku))) sku.managed = true;
  }
};

/** Scenario-only accounts added to the acme account list (background orders never use them). */
const ACME_SCENARIO_ACCOUNTS: CustomerSpec[] = [
  {
    code: 'AC-1042',
    name: 'Tri-County Welding Supply LLC',
    email: 'ap@tricountywelding.example.com',
    kind: 'business',
    tier: 'standard',
    paymentTerms: 'net_30',
    creditLimit: 15_000,
    weight: 0,
    channels: ['b2b_portal'],
    managed: true,
  },
  {
    code: 'AC-1043',
    name: 'Summit Hydraulics Inc.',
    email: 'ap@summithydraulics.example.com',
    kind: 'business',
    tier: 'standard',
    paymentTerms: 'net_30',
    creditLimit: 15_000,
    weight: 0,
    channels: ['phone'],
    managed: true,
  },
  {
    code: 'AC-1044',
    name: 'Riverbend Plastics Co.',
    email: 'ap@riverbendplastics.example.com',
    kind: 'business',
    tier: 'standard',
    paymentTerms: 'net_15',
    creditLimit: 5_000,
    weight: 0,
    channels: ['b2b_portal'],
    managed: true,
  },
];

export function acmeScenarios(profile: TenantProfile, end: Date, random: Random): DemoScenario[] {
  profile.customers.push(...ACME_SCENARIO_ACCOUNTS.map((customer) => ({ ...customer })));
  markManaged(profile, ['BRG-22210-E', 'HYD-JIC-08-08-ST']);
  const ago = (hours: number): Date => new Date(end.getTime() - hours * HOUR);
  const order = (draft: OrderDraft): PlannedOrder => draftOrder(profile, random, draft);
  const acct = (code: string): PlannedCustomer => account(profile, code, random);
  const noErpSuccess =
    (failures: Array<{ afterMinutes: number; code: string; message: string }>) =>
    (base: OrderBehaviour): OrderBehaviour => ({ ...base, erp: { failures, succeedAfterMinutes: null } });

  const stuck = order({
    key: 'erp-503:10482',
    placedAt: ago(26),
    channel: 'edi',
    customer: acct('KA-2003'),
    lines: [
      { sku: 'BRG-6205-2RS', quantity: 24 },
      { sku: 'BRG-UCP205-16', quantity: 12 },
      { sku: 'LUB-GRS-EP2-10', quantity: 4 },
    ],
    behaviour: (base) => ({
      ...noErpSuccess([
        {
          afterMinutes: 12,
          code: 'ERP-503',
          message: 'Service unavailable: NetSuite SuiteTalk request timed out after 30000 ms (sales order push)',
        },
      ])(base),
      ship: false,
    }),
  });
  const creditHistory = [28, 21, 14, 8].map((days, index) =>
    order({
      key: `credit-over-limit:history-${index}`,
      placedAt: ago(days * 24 + 3),
      channel: 'b2b_portal',
      customer: acct('AC-1042'),
      lines: [
        { sku: 'SAF-GLV-NIT-5M', quantity: 15 },
        { sku: 'ABR-FLAP-45-60', quantity: 20 },
        { sku: 'FST-HXB-1213x2', quantity: 25 },
      ],
      behaviour: (base) => ({ ...base, payAfterDueDays: null }),
    }),
  );
  const pastDueHistory = order({
    key: 'credit-past-due:history',
    placedAt: ago(75 * 24),
    channel: 'phone',
    customer: acct('AC-1043'),
    lines: [
      { sku: 'HOS-12-R12', quantity: 60 },
      { sku: 'HYD-ORFS-12-12-ST', quantity: 40 },
    ],
    behaviour: (base) => ({ ...base, payAfterDueDays: null }),
  });

  return [
    {
      name: 'erp-503-stuck',
      description: `Order ${STUCK_ORDER_NUMBER} (key account KA-2003, EDI) has failed to reach the ERP five times with ERP-503 since yesterday.`,
      orders: [stuck],
      schedule: (run) => {
        for (const hours of [3, 2, 70 / 60, 25 / 60]) {
          run.clock.schedule(ago(hours), (at) =>
            run
              .emit(
                'erp.sync_failed',
                {
                  orderNumber: stuck.number,
                  document: 'order',
                  errorCode: 'ERP-503',
                  message: 'Service unavailable: NetSuite SuiteTalk request timed out after 30000 ms (automatic retry)',
                },
                at,
              )
              .then(() => undefined),
          );
        }
      },
    },
    {
      name: 'erp-422-tax-certificate',
      description: 'A portal order rejected by the ERP: the account is missing its tax exemption certificate (ERP-422, needs a data fix).',
      orders: [
        order({
          key: 'erp-422:order',
          placedAt: ago(3 * 24 + 2),
          channel: 'b2b_portal',
          customer: acct('AC-1012'),
          lines: [
            { sku: 'CUT-EM-4FL-1-2', quantity: 6 },
            { sku: 'CUT-TAP-3816', quantity: 10 },
          ],
          behaviour: noErpSuccess([
            {
              afterMinutes: 8,
              code: 'ERP-422',
              message: 'Validation failed: customer AC-1012 has no tax exemption certificate on file (field: taxRegNum)',
            },
            {
              afterMinutes: 26 * 60,
              code: 'ERP-422',
              message: 'Validation failed: customer AC-1012 has no tax exemption certificate on file (field: taxRegNum)',
            },
          ]),
        }),
      ],
    },
    {
      name: 'erp-409-duplicate-document',
      description:
        'An order whose first push timed out (ERP-503) and whose retry came back ERP-409: it is probably already in the ERP — never retry.',
      orders: [
        order({
          key: 'erp-409:order',
          placedAt: ago(30),
          channel: 'edi',
          customer: acct('KA-2005'),
          lines: [
            { sku: 'SAF-VST-HIVIS-C2-L', quantity: 40 },
            { sku: 'SAF-HAT-T1-WHT', quantity: 24 },
          ],
          behaviour: noErpSuccess([
            { afterMinutes: 10, code: 'ERP-503', message: 'Service unavailable: ERP endpoint timed out after 30000 ms' },
            {
              afterMinutes: 40,
              code: 'ERP-409',
              message: 'Duplicate document: a sales order with this external id already exists in the ERP',
            },
          ]),
        }),
      ],
    },
    {
      name: 'credit-over-limit',
      description:
        'AC-1042 Tri-County Welding Supply (limit $15,000) has about $12,900 unpaid and places a $4,000+ order: it is held for credit review.',
      orders: [
        ...creditHistory,
        order({
          key: 'credit-over-limit:order',
          placedAt: ago(5),
          channel: 'b2b_portal',
          customer: acct('AC-1042'),
          lines: [
            { sku: 'SAF-GLV-NIT-5M', quantity: 20 },
            { sku: 'LUB-OIL-AW46-19', quantity: 20 },
            { sku: 'ABR-FLAP-45-80', quantity: 20 },
          ],
        }),
      ],
    },
    {
      name: 'credit-past-due-hold',
      description:
        'AC-1043 Summit Hydraulics has an invoice about 40 days past due; credit control put the account on hold and a new order is waiting.',
      orders: [
        pastDueHistory,
        order({
          key: 'credit-past-due:order',
          placedAt: ago(20),
          channel: 'phone',
          customer: acct('AC-1043'),
          lines: [
            { sku: 'HOS-08-R2', quantity: 50 },
            { sku: 'HYD-JIC-12-12-90', quantity: 16 },
          ],
        }),
      ],
      schedule: (run) => {
        run.clock.schedule(ago(2 * 24), async (at) => {
          await run.inTenant(async (tx) => {
            const held = await applyCreditHold(
              tx,
              { customer: 'AC-1043', reason: 'Invoice more than 30 days past due; statement sent, no remittance' },
              { actor: 'credit:dana.whitfield', at },
            );
            await redetectForEntities(tx, run.tenant.id, { customerIds: [held.customer.id] }, at);
          });
          run.stats.humanActions += 1;
        });
      },
    },
    {
      name: 'credit-probation-over-limit',
      description: 'AC-1044 Riverbend Plastics, a probation account (net 15, $5,000 limit), orders for more than its whole limit.',
      orders: [
        order({
          key: 'credit-probation:order',
          placedAt: ago(9),
          channel: 'b2b_portal',
          customer: acct('AC-1044'),
          lines: [
            { sku: 'BRG-22212-E', quantity: 20 },
            { sku: 'BRG-NU206', quantity: 40 },
          ],
        }),
      ],
    },
    {
      name: 'invoice-mismatches',
      description:
        'Three ERP invoices that do not match their orders: freight billed on a $750+ order, a contract price variance, and an under-billing.',
      orders: [
        order({
          key: 'invoice-freight:order',
          placedAt: ago(9 * 24),
          channel: 'edi',
          customer: acct('KA-2002'),
          lines: [
            { sku: 'BRG-6206-2RS', quantity: 60 },
            { sku: 'BRG-UCF206-18', quantity: 12 },
          ],
          behaviour: (base) => ({ ...base, pickAfterHours: 3, invoice: { afterHours: 6, amountDelta: 85 }, payAfterDueDays: null }),
        }),
        order({
          key: 'invoice-cpa:order',
          placedAt: ago(7 * 24),
          channel: 'b2b_portal',
          customer: acct('AC-1005'),
          lines: [
            { sku: 'FST-SHC-M10x40', quantity: 14 },
            { sku: 'FST-NYL-M10x40', quantity: 14 },
          ],
          behaviour: (base) => ({ ...base, pickAfterHours: 3, invoice: { afterHours: 6, amountDelta: 37.4 }, payAfterDueDays: null }),
        }),
        order({
          key: 'invoice-underbilled:order',
          placedAt: ago(5 * 24),
          channel: 'b2b_portal',
          customer: acct('AC-1020'),
          lines: [
            { sku: 'CUT-DRL-COB-3-8', quantity: 8 },
            { sku: 'CUT-EM-2FL-3-4', quantity: 6 },
          ],
          behaviour: (base) => ({ ...base, pickAfterHours: 3, invoice: { afterHours: 6, amountDelta: -120 }, payAfterDueDays: null }),
        }),
      ],
    },
    {
      name: 'backordered-bearing',
      description:
        'Spherical roller bearing BRG-22210-E is on supplier allocation with no stock: three key-account orders wait 9 to 33 days.',
      orders: [33, 16, 9].map((days, index) =>
        order({
          key: `backorder-bearing:${index}`,
          placedAt: ago(days * 24 + 4),
          channel: 'edi',
          customer: acct(['KA-2004', 'AC-1008', 'KA-2006'][index]!),
          lines: [
            { sku: 'BRG-22210-E', quantity: [4, 2, 3][index]! },
            { sku: 'BRG-6207-2RS', quantity: 10 },
          ],
        }),
      ),
    },
    {
      name: 'count-short-hydraulic-adapter',
      description: 'A cycle count at COL-DC found 26 JIC -08 adapters where 40 were expected; 30 are promised to a key-account order.',
      openingStock: [{ sku: 'HYD-JIC-08-08-ST', location: 'COL-DC', quantity: 40 }],
      orders: [
        order({
          key: 'count-short:order',
          placedAt: ago(7),
          channel: 'edi',
          customer: acct('KA-2001'),
          lines: [
            { sku: 'HYD-JIC-08-08-ST', quantity: 30 },
            { sku: 'HOS-08-R2', quantity: 40 },
          ],
          behaviour: (base) => ({ ...base, ship: false }),
        }),
      ],
      schedule: (run) => {
        run.clock.schedule(ago(6), (at) =>
          run
            .emit(
              'inventory.adjusted',
              {
                sku: 'HYD-JIC-08-08-ST',
                location: 'COL-DC',
                delta: -14,
                reasonCode: 'CC',
                reference: 'Cycle count wave 12',
                note: 'Counted 26 on the shelf; system expected 40 (30 allocated to an open order)',
              },
              at,
            )
            .then(() => undefined),
        );
      },
    },
    {
      name: 'edi-po-imported-twice',
      description: 'EDI purchase order PO-448812 from KA-2007 arrived twice seven minutes apart; both copies became orders.',
      orders: [0, 7].map((minutes, index) =>
        order({
          key: `edi-duplicate:${index}`,
          placedAt: new Date(ago(4).getTime() + minutes * 60_000),
          channel: 'edi',
          customer: acct('KA-2007'),
          externalRef: 'PO-448812',
          lines: [
            { sku: 'SAF-GLV-CUT-A4-L', quantity: 48 },
            { sku: 'SAF-GLS-CLEAR-AF', quantity: 60 },
          ],
          behaviour: (base) => ({ ...base, ship: false }),
        }),
      ),
    },
    {
      name: 'late-shipments',
      description:
        'A freight delivery to a key account missed its appointment (carrier exception), and a UPS parcel has not moved for a week.',
      orders: [
        order({
          key: 'freight-exception:order',
          placedAt: ago(4 * 24),
          channel: 'edi',
          customer: acct('KA-2002'),
          lines: [
            { sku: 'LUB-OIL-AW68-19', quantity: 24 },
            { sku: 'LUB-OIL-AW32-19', quantity: 12 },
          ],
          behaviour: (base) => ({
            ...base,
            pickAfterHours: 3,
            carrier: { carrier: 'Estes Freight', serviceLevel: 'LTL' },
            transitDays: 3,
            delivery: {
              kind: 'exception',
              code: 'APPOINTMENT_MISSED',
              message: 'Consignee missed the delivery appointment; redelivery not yet scheduled',
              recoverDays: null,
            },
          }),
        }),
        order({
          key: 'ups-stalled:order',
          placedAt: ago(9 * 24),
          channel: 'b2b_portal',
          customer: acct('AC-1018'),
          lines: [
            { sku: 'CHN-RC60', quantity: 20 },
            { sku: 'BLT-B60', quantity: 12 },
          ],
          behaviour: (base) => ({
            ...base,
            pickAfterHours: 3,
            carrier: { carrier: 'UPS', serviceLevel: 'Ground' },
            transitDays: 3,
            delivery: { kind: 'stalled', stallHours: 2000 },
          }),
        }),
      ],
    },
    {
      name: 'return-awaiting-inspection',
      description:
        'A returned case of drills received at COL-DC more than a week ago still has no inspection result (Acme promises 2 business days).',
      orders: [
        order({
          key: 'acme-return:order',
          placedAt: ago(30 * 24),
          channel: 'b2b_portal',
          customer: acct('AC-1022'),
          lines: [
            { sku: 'CUT-DRL-HSS-1-4', quantity: 6 },
            { sku: 'CUT-DRL-HSS-3-8', quantity: 4 },
          ],
          behaviour: (base) => ({
            ...base,
            pickAfterHours: 3,
            transitDays: 2,
            return: { afterDays: 17, quantity: 2, inspectAfterHours: null, disposition: 'restock', grade: 'A' },
          }),
        }),
      ],
    },
    {
      name: 'address-street-not-found',
      description: 'A will-call customer switched to delivery with a street number the address service cannot find.',
      orders: [
        order({
          key: 'acme-address:order',
          placedAt: ago(3),
          channel: 'phone',
          customer: acct('CC-3007'),
          lines: [
            { sku: 'SAF-FAK-50', quantity: 2 },
            { sku: 'SAF-RSP-N95-20', quantity: 6 },
          ],
          behaviour: (base) => ({
            ...base,
            addressFailure: {
              afterMinutes: 3,
              field: 'line1',
              reason: 'AV-STREET: street number not in range for this street',
              correctAfterHours: null,
            },
          }),
        }),
      ],
    },
    {
      name: 'card-captured-twice',
      description: 'A card-paying trade customer was charged twice for a $1,200+ order.',
      orders: [
        order({
          key: 'cc-double-capture:order',
          placedAt: ago(2 * 24 + 1),
          channel: 'b2b_portal',
          customer: acct('CC-3004'),
          lines: [
            { sku: 'CUT-EM-4FL-3-4', quantity: 12 },
            { sku: 'CUT-EM-4FL-5-8', quantity: 6 },
          ],
          behaviour: (base) => ({
            ...base,
            capture: base.capture ? { ...base.capture, second: { amount: base.capture.amount, afterMinutes: 4 } } : null,
          }),
        }),
      ],
    },
  ];
}

export function brightsideScenarios(profile: TenantProfile, end: Date, random: Random): DemoScenario[] {
  markManaged(profile, ['BS-CND14-LAVF', 'BS-CND08-EUCM', 'BS-CND08-FRCR']);
  const ago = (hours: number): Date => new Date(end.getTime() - hours * HOUR);
  const order = (draft: OrderDraft): PlannedOrder => draftOrder(profile, random, draft);
  const person = (code: string, name: string): PlannedCustomer => consumer(code, name, random);

  const seasonal = [12, 8].map((days, index) =>
    order({
      key: `seasonal-backorder:${index}`,
      placedAt: ago(days * 24 + 2),
      channel: 'web',
      customer: person(`C90010${index}`, ['Harper Nguyen', 'Isaac Haddad'][index]!),
      lines: [{ sku: 'BS-CND08-FRCR', quantity: 2 - index }],
    }),
  );
  const returns = [
    { placed: 34, received: 16, name: 'Nora Kowalski' },
    { placed: 20, received: 9, name: 'Wei Chen' },
    { placed: 15, received: 6, name: 'Amara Okafor' },
  ].map((entry, index) =>
    order({
      key: `returns-overdue:${index}`,
      placedAt: ago(entry.placed * 24),
      channel: 'web',
      customer: person(`C90020${index}`, entry.name),
      lines: [
        { sku: ['BS-CND3W-AMBN', 'BS-DIF100-SSAG', 'BS-CND14-SANT'][index]!, quantity: 1 },
        { sku: 'BS-WAX6-VANB', quantity: 2 },
      ],
      behaviour: (base) => ({
        ...base,
        pickAfterHours: 2,
        transitDays: 2,
        return: { afterDays: entry.placed - entry.received - 4, quantity: 1, inspectAfterHours: null, disposition: 'restock', grade: 'B' },
      }),
    }),
  );

  return [
    {
      name: 'payment-captured-twice',
      description: 'A Shopify order charged twice (Shop Pay double submission at the PSP): two captures for one order.',
      orders: [
        order({
          key: 'double-capture:order',
          placedAt: ago(20),
          channel: 'web',
          customer: person('C900001', 'Olivia Martinez'),
          lines: [
            { sku: 'BS-KIT-TRIO-WOODS', quantity: 1 },
            { sku: 'BS-ACC-WICKTRIM', quantity: 1 },
          ],
          behaviour: (base) => ({
            ...base,
            capture: base.capture ? { ...base.capture, second: { amount: base.capture.amount, afterMinutes: 2 } } : null,
          }),
        }),
      ],
    },
    {
      name: 'under-captured',
      description: 'A web order where the PSP captured $12.00 less than the order total (discount applied at checkout only).',
      orders: [
        order({
          key: 'under-capture:order',
          placedAt: ago(2 * 24 + 3),
          channel: 'web',
          customer: person('C900002', 'Liam Schmidt'),
          lines: [
            { sku: 'BS-CND14-AMBN', quantity: 2 },
            { sku: 'BS-DIF100-FIGC', quantity: 1 },
          ],
          behaviour: (base) => ({
            ...base,
            capture: base.capture ? { ...base.capture, amount: roundMoney(base.capture.amount - 12) } : null,
          }),
        }),
      ],
    },
    {
      name: 'cancelled-not-refunded',
      description: 'An Amazon order the buyer cancelled, whose capture was never refunded.',
      orders: [
        order({
          key: 'cancel-no-refund:order',
          placedAt: ago(30),
          channel: 'amazon',
          customer: person('C900003', 'Sofia Rossi'),
          lines: [{ sku: 'BS-CND08-ORBL', quantity: 2 }],
          behaviour: (base) => ({ ...base, cancelAfterMinutes: 45, refundOnCancel: false, ship: false }),
        }),
      ],
    },
    {
      name: 'shop-pay-duplicate-orders',
      description: 'The same shopper submitted the same Shopify cart twice, 90 seconds apart; both were paid.',
      orders: [0, 90].map((seconds, index) =>
        order({
          key: `duplicate-web:${index}`,
          placedAt: new Date(ago(6).getTime() + seconds * 1000),
          channel: 'web',
          customer: person('C900004', 'Maya Patel'),
          lines: [
            { sku: 'BS-KIT-DUO-SSAG', quantity: 1 },
            { sku: 'BS-CND08-BERG', quantity: 2 },
          ],
          behaviour: (base) => ({ ...base, ship: false }),
        }),
      ),
    },
    {
      name: 'amazon-imported-twice',
      description: 'The marketplace connector retried after a timeout and imported Amazon order 114-7783201-5520918 twice.',
      orders: [0, 3].map((minutes, index) =>
        order({
          key: `duplicate-amazon:${index}`,
          placedAt: new Date(ago(14).getTime() + minutes * 60_000),
          channel: 'amazon',
          customer: person('C900005', 'James Wilson'),
          externalRef: '114-7783201-5520918',
          lines: [{ sku: 'BS-CND3W-CDSM', quantity: 1 }],
          behaviour: (base) => ({ ...base, ship: false }),
        }),
      ),
    },
    {
      name: 'address-validation-failures',
      description:
        'Three recent orders whose ship-to address failed verification (missing unit, ZIP/city mismatch, PO box for UPS), one an Amazon order due to ship today.',
      orders: [
        order({
          key: 'address-unit:order',
          placedAt: ago(10),
          channel: 'web',
          customer: person('C900006', 'Ella Baker'),
          lines: [{ sku: 'BS-CND08-PEON', quantity: 2 }],
          behaviour: (base) => ({
            ...base,
            addressFailure: {
              afterMinutes: 2,
              field: 'line2',
              reason: 'AV-UNIT: building found, apartment or suite number missing',
              correctAfterHours: null,
            },
          }),
        }),
        order({
          key: 'address-postal:order',
          placedAt: ago(7),
          channel: 'web',
          customer: person('C900007', 'Samuel Green'),
          lines: [{ sku: 'BS-DIF100-LAVF', quantity: 1 }],
          behaviour: (base) => ({
            ...base,
            addressFailure: {
              afterMinutes: 2,
              field: 'postalCode',
              reason: 'AV-POSTAL: postal code does not match city and state',
              correctAfterHours: null,
            },
          }),
        }),
        order({
          key: 'address-pobox:order',
          placedAt: ago(5),
          channel: 'amazon',
          customer: person('C900008', 'Riley Thompson'),
          lines: [{ sku: 'BS-CND14-SSAG', quantity: 1 }],
          behaviour: (base) => ({
            ...base,
            addressFailure: {
              afterMinutes: 2,
              field: 'line1',
              reason: 'AV-PO: PO Box cannot be delivered by UPS Ground',
              correctAfterHours: null,
            },
          }),
        }),
      ],
    },
    {
      name: 'lavender-oversold',
      description:
        'A count at the Reno 3PL found 10 fewer Lavender Fields 14 oz candles than the system had: 18 are promised to three orders, 10 are on the shelf.',
      openingStock: [{ sku: 'BS-CND14-LAVF', location: 'RNO-3PL', quantity: 20 }],
      orders: [9, 8, 7].map((hours, index) =>
        order({
          key: `lavender:${index}`,
          placedAt: ago(hours),
          channel: index === 1 ? 'amazon' : 'web',
          customer: person(`C90003${index}`, ['Aria Lopez', 'Noah Kim', 'Grace Young'][index]!),
          lines: [{ sku: 'BS-CND14-LAVF', quantity: 6 }],
          behaviour: (base) => ({ ...base, ship: false }),
        }),
      ),
      schedule: (run) => {
        run.clock.schedule(ago(5), (at) =>
          run
            .emit(
              'inventory.adjusted',
              {
                sku: 'BS-CND14-LAVF',
                location: 'RNO-3PL',
                delta: -10,
                reasonCode: 'CC',
                reference: 'ShipRight cycle count RC-2291',
                note: 'Counted 8 in the pick face; system expected 18 allocated + 2 available',
              },
              at,
            )
            .then(() => undefined),
        );
      },
    },
    {
      name: 'calm-trio-oversold',
      description:
        'The Calm trio gift set kept selling after its Eucalyptus Mint component ran out: four kit and single orders wait for a component with no stock.',
      openingStock: [{ sku: 'BS-CND08-EUCM', location: 'RNO-3PL', quantity: 1 }],
      orders: [
        order({
          key: 'calm-trio:0',
          placedAt: ago(6 * 24),
          channel: 'web',
          customer: person('C900040', 'Chloe Adams'),
          lines: [{ sku: 'BS-KIT-TRIO-CALM', quantity: 1 }],
        }),
        order({
          key: 'calm-trio:1',
          placedAt: ago(3 * 24),
          channel: 'web',
          customer: person('C900041', 'Owen Clark'),
          lines: [{ sku: 'BS-KIT-TRIO-CALM', quantity: 2 }],
        }),
        order({
          key: 'calm-trio:2',
          placedAt: ago(26),
          channel: 'ebay',
          customer: person('C900042', 'Layla Hall'),
          lines: [{ sku: 'BS-KIT-TRIO-CALM', quantity: 1 }],
        }),
        order({
          key: 'calm-trio:3',
          placedAt: ago(20),
          channel: 'web',
          customer: person('C900043', 'Henry Scott'),
          lines: [{ sku: 'BS-CND08-EUCM', quantity: 1 }],
        }),
      ],
    },
    {
      name: 'seasonal-backorder-aging',
      description:
        'Frosted Cranberry (a discontinued holiday scent) is out of stock; two shoppers have waited 8 and 12 days, and the date promised to one has passed.',
      orders: seasonal,
      schedule: (run) => {
        run.clock.schedule(ago(5 * 24), async (at) => {
          await run.inTenant(async (tx) => {
            await sendBackorderNotice(
              tx,
              {
                order: seasonal[0]!.number,
                newPromisedDate: ago(24),
                channel: 'email',
                message: 'Your Frosted Cranberry candle is on its way to our warehouse; we expect to ship it within four days.',
              },
              { actor: 'cx:jordan.lee', at },
            );
            const order = await tx.query<{ id: string }>('SELECT id FROM orders WHERE number = $1', [seasonal[0]!.number]);
            await redetectForEntities(tx, run.tenant.id, { orderIds: order.rows.map((row) => row.id) }, at);
          });
          run.stats.humanActions += 1;
        });
      },
    },
    {
      name: 'delayed-parcels',
      description:
        'A parcel damaged at a carrier hub, a USPS parcel four days past its estimate, and an Amazon order the 3PL missed the ship-by date on.',
      orders: [
        order({
          key: 'parcel-damaged:order',
          placedAt: ago(4 * 24),
          channel: 'web',
          customer: person('C900050', 'Mateo Silva'),
          lines: [{ sku: 'BS-KIT-HOST-GIFT', quantity: 1 }],
          behaviour: (base) => ({
            ...base,
            pickAfterHours: 2,
            transitDays: 3,
            delivery: {
              kind: 'exception',
              code: 'DAMAGED_IN_TRANSIT',
              message: 'Package damaged at the Sparks hub; contents being inspected',
              recoverDays: null,
            },
          }),
        }),
        order({
          key: 'parcel-late:order',
          placedAt: ago(8 * 24),
          channel: 'web',
          customer: person('C900051', 'Zoe Lewis'),
          lines: [{ sku: 'BS-CND3W-TOBL', quantity: 1 }],
          behaviour: (base) => ({
            ...base,
            pickAfterHours: 2,
            carrier: { carrier: 'USPS', serviceLevel: 'Ground Advantage' },
            transitDays: 3,
            delivery: { kind: 'late', lateDays: 30 },
          }),
        }),
        order({
          key: 'fbm-missed-ship-by:order',
          placedAt: ago(40),
          channel: 'amazon',
          customer: person('C900052', 'Evelyn Walker'),
          lines: [{ sku: 'BS-DIF100-EUCM', quantity: 1 }],
          behaviour: (base) => ({ ...base, ship: false }),
        }),
      ],
    },
    {
      name: 'returns-awaiting-inspection',
      description:
        'Three web returns received at the Reno 3PL 4 to 12 business days ago and still not inspected; refunds are waiting on them.',
      orders: returns,
    },
    {
      name: 'erp-sync-failures',
      description:
        'A Shopify order rate-limited by the ERP minutes ago (ERP-429), and one rejected for an inactive tax code (ERP-422.TAX).',
      orders: [
        order({
          key: 'erp-429:order',
          placedAt: ago(0.75),
          channel: 'web',
          customer: person('C900060', 'Jack Moore'),
          lines: [{ sku: 'BS-SPR100-NERO', quantity: 2 }],
          behaviour: (base) => ({
            ...base,
            ship: false,
            erp: {
              failures: [{ afterMinutes: 10, code: 'ERP-429', message: 'Rate limited: 429 Too Many Requests, retry after 60 s' }],
              succeedAfterMinutes: null,
            },
          }),
        }),
        order({
          key: 'erp-422-tax:order',
          placedAt: ago(2 * 24 + 5),
          channel: 'web',
          customer: person('C900061', 'Lily Allen'),
          lines: [{ sku: 'BS-CND08-JUNB', quantity: 3 }],
          behaviour: (base) => ({
            ...base,
            erp: {
              failures: [
                {
                  afterMinutes: 9,
                  code: 'ERP-422.TAX',
                  message: 'Validation failed: tax code CA-RETAIL-7.25 is inactive for this subsidiary',
                },
              ],
              succeedAfterMinutes: null,
            },
          }),
        }),
      ],
    },
    {
      name: 'invoice-tax-difference',
      description: 'An ERP invoice $3.10 above its order after a tax recalculation.',
      orders: [
        order({
          key: 'invoice-tax:order',
          placedAt: ago(6 * 24),
          channel: 'web',
          customer: person('C900070', 'Daniel Harris'),
          lines: [{ sku: 'BS-KIT-WAX-SAMPLER', quantity: 1 }],
          behaviour: (base) => ({ ...base, pickAfterHours: 2, invoice: { afterHours: 3, amountDelta: 3.1 } }),
        }),
      ],
    },
  ];
}

/** Hours before "now" a scenario timeline may start: the planner leaves room for these. */
export const SCENARIO_HORIZON_MS = 80 * DAY;
