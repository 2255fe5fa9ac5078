/** Acme's ERP stories: order 10482 stuck on ERP-503, a data rejection (ERP-422) and a duplicate document (ERP-409). */
import type { PlannedOrder } from '../order-plan.ts';
import { STUCK_ORDER_NUMBER } from './stuck-order-number.ts';
import { noErpSuccess } from './scenario-kit.ts';
import type { DemoScenario, ScenarioKit } from './scenario-kit.ts';

/** Order 10482, the one every demo script asks about (seed-demo-data numbers the other orders around it). */
export function stuckOrder(kit: ScenarioKit): PlannedOrder {
  const { ago, order, acct } = kit;
  return order({
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
}

export function acmeErpScenarios(kit: ScenarioKit, stuck: PlannedOrder): DemoScenario[] {
  const { ago, order, acct } = kit;
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
  ];
}
