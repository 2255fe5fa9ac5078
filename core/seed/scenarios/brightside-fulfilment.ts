/** Brightside's fulfilment stories: delayed parcels and returns waiting for inspection. */
import type { BrightsideHistory } from './brightside-history.ts';
import type { DemoScenario, ScenarioKit } from './scenario-kit.ts';

export function brightsideFulfilmentScenarios(kit: ScenarioKit, { returns }: BrightsideHistory): DemoScenario[] {
  const { ago, order, person } = kit;
  return [
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
  ];
}
