/** Acme's invoice mismatches: freight billed on a free-freight order, a contract price variance, an under-billing. */
import type { DemoScenario, ScenarioKit } from './scenario-kit.ts';

export function acmeInvoiceScenarios(kit: ScenarioKit): DemoScenario[] {
  const { ago, order, acct } = kit;
  return [
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
  ];
}
