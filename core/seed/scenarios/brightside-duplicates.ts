/** Brightside's duplicate orders: a Shopify cart submitted twice and an Amazon order imported twice. */
import type { DemoScenario, ScenarioKit } from './scenario-kit.ts';

export function brightsideDuplicateScenarios(kit: ScenarioKit): DemoScenario[] {
  const { ago, order, person } = kit;
  return [
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
  ];
}
