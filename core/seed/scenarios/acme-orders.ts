/** Acme's order stories: an EDI PO imported twice, late shipments, an uninspected return, a bad street number, a double card capture. */
import type { DemoScenario, ScenarioKit } from './scenario-kit.ts';

export function acmeOrderScenarios(kit: ScenarioKit): DemoScenario[] {
  const { ago, order, acct } = kit;
  return [
    {
      name: 'edi-po-imported-twice',
      description: 'EDI purchase order PO-448812 from KA-2007 arrived twice seven minutes apart; both copies became orders.',
      orders: [0, 7].map((minutes, index) =>
        order({
          key: `edi-duplicate:${index}`,
          placedAt: new Date(ago(4).getTime() + minutes * 60_000),
          channel: 'edi',
          customer: acct('KA-2007'),
          externalRef: 'PO-448812',
          lines: [
            { sku: 'SAF-GLV-CUT-A4-L', quantity: 48 },
            { sku: 'SAF-GLS-CLEAR-AF', quantity: 60 },
          ],
          behaviour: (base) => ({ ...base, ship: false }),
        }),
      ),
    },
    {
      name: 'late-shipments',
      description:
        'A freight delivery to a key account missed its appointment (carrier exception), and a UPS parcel has not moved for a week.',
      orders: [
        order({
          key: 'freight-exception:order',
          placedAt: ago(4 * 24),
          channel: 'edi',
          customer: acct('KA-2002'),
          lines: [
            { sku: 'LUB-OIL-AW68-19', quantity: 24 },
            { sku: 'LUB-OIL-AW32-19', quantity: 12 },
          ],
          behaviour: (base) => ({
            ...base,
            pickAfterHours: 3,
            carrier: { carrier: 'Estes Freight', serviceLevel: 'LTL' },
            transitDays: 3,
            delivery: {
              kind: 'exception',
              code: 'APPOINTMENT_MISSED',
              message: 'Consignee missed the delivery appointment; redelivery not yet scheduled',
              recoverDays: null,
            },
          }),
        }),
        order({
          key: 'ups-stalled:order',
          placedAt: ago(9 * 24),
          channel: 'b2b_portal',
          customer: acct('AC-1018'),
          lines: [
            { sku: 'CHN-RC60', quantity: 20 },
            { sku: 'BLT-B60', quantity: 12 },
          ],
          behaviour: (base) => ({
            ...base,
            pickAfterHours: 3,
            carrier: { carrier: 'UPS', serviceLevel: 'Ground' },
            transitDays: 3,
            delivery: { kind: 'stalled', stallHours: 2000 },
          }),
        }),
      ],
    },
    {
      name: 'return-awaiting-inspection',
      description:
        'A returned case of drills received at COL-DC more than a week ago still has no inspection result (Acme promises 2 business days).',
      orders: [
        order({
          key: 'acme-return:order',
          placedAt: ago(30 * 24),
          channel: 'b2b_portal',
          customer: acct('AC-1022'),
          lines: [
            { sku: 'CUT-DRL-HSS-1-4', quantity: 6 },
            { sku: 'CUT-DRL-HSS-3-8', quantity: 4 },
          ],
          behaviour: (base) => ({
            ...base,
            pickAfterHours: 3,
            transitDays: 2,
            return: { afterDays: 17, quantity: 2, inspectAfterHours: null, disposition: 'restock', grade: 'A' },
          }),
        }),
      ],
    },
    {
      name: 'address-street-not-found',
      description: 'A will-call customer switched to delivery with a street number the address service cannot find.',
      orders: [
        order({
          key: 'acme-address:order',
          placedAt: ago(3),
          channel: 'phone',
          customer: acct('CC-3007'),
          lines: [
            { sku: 'SAF-FAK-50', quantity: 2 },
            { sku: 'SAF-RSP-N95-20', quantity: 6 },
          ],
          behaviour: (base) => ({
            ...base,
            addressFailure: {
              afterMinutes: 3,
              field: 'line1',
              reason: 'AV-STREET: street number not in range for this street',
              correctAfterHours: null,
            },
          }),
        }),
      ],
    },
    {
      name: 'card-captured-twice',
      description: 'A card-paying trade customer was charged twice for a $1,200+ order.',
      orders: [
        order({
          key: 'cc-double-capture:order',
          placedAt: ago(2 * 24 + 1),
          channel: 'b2b_portal',
          customer: acct('CC-3004'),
          lines: [
            { sku: 'CUT-EM-4FL-3-4', quantity: 12 },
            { sku: 'CUT-EM-4FL-5-8', quantity: 6 },
          ],
          behaviour: (base) => ({
            ...base,
            capture: base.capture ? { ...base.capture, second: { amount: base.capture.amount, afterMinutes: 4 } } : null,
          }),
        }),
      ],
    },
  ];
}
