/** Acme's credit stories: an account over its limit, one on hold for a past-due invoice, a probation account. */
import { applyCreditHold } from '../../customers/index.ts';
import { redetectForEntities } from '../../exceptions/index.ts';
import type { PlannedOrder } from '../order-plan.ts';
import type { DemoScenario, ScenarioKit } from './scenario-kit.ts';

export interface AcmeCreditHistory {
  creditHistory: PlannedOrder[];
  pastDueHistory: PlannedOrder;
}

/** The unpaid orders behind the credit stories, drafted before the other scenario orders. */
export function acmeCreditHistory(kit: ScenarioKit): AcmeCreditHistory {
  const { ago, order, acct } = kit;
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
  return { creditHistory, pastDueHistory };
}

export function acmeCreditScenarios(kit: ScenarioKit, { creditHistory, pastDueHistory }: AcmeCreditHistory): DemoScenario[] {
  const { ago, order, acct } = kit;
  return [
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
  ];
}
