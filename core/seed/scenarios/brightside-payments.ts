/** Brightside's payment stories: a double capture, an under-capture, a cancelled order never refunded. */
import { roundMoney } from '../../domain/money.ts';
import type { DemoScenario, ScenarioKit } from './scenario-kit.ts';

export function brightsidePaymentScenarios(kit: ScenarioKit): DemoScenario[] {
  const { ago, order, person } = kit;
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
  ];
}
