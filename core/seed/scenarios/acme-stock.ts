/** Acme's stock stories: a bearing on supplier allocation with aging backorders, and a cycle count short of promised units. */
import type { DemoScenario, ScenarioKit } from './scenario-kit.ts';

export function acmeStockScenarios(kit: ScenarioKit): DemoScenario[] {
  const { ago, order, acct } = kit;
  return [
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
  ];
}
