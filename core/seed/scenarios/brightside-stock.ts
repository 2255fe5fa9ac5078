/** Brightside's stock stories: a count short at the 3PL, a kit oversold past its component, an aging seasonal backorder. */
import { redetectForEntities } from '../../exceptions/index.ts';
import { sendBackorderNotice } from '../../orders/index.ts';
import type { BrightsideHistory } from './brightside-history.ts';
import type { DemoScenario, ScenarioKit } from './scenario-kit.ts';

export function brightsideStockScenarios(kit: ScenarioKit, { seasonal }: BrightsideHistory): DemoScenario[] {
  const { ago, order, person } = kit;
  return [
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
  ];
}
