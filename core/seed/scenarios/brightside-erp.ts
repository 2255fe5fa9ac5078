/** Brightside's ERP stories: a rate-limited push, an inactive tax code, and an invoice above its order after a tax recalculation. */
import type { DemoScenario, ScenarioKit } from './scenario-kit.ts';

export function brightsideErpScenarios(kit: ScenarioKit): DemoScenario[] {
  const { ago, order, person } = kit;
  return [
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
