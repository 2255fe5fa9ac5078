/** Brightside's address validation failures: a missing unit, a ZIP/city mismatch, a PO box for UPS. */
import type { DemoScenario, ScenarioKit } from './scenario-kit.ts';

export function brightsideAddressScenarios(kit: ScenarioKit): DemoScenario[] {
  const { ago, order, person } = kit;
  return [
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
  ];
}
