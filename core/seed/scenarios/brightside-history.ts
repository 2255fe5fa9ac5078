import type { PlannedOrder } from '../order-plan.ts';
import type { ScenarioKit } from './scenario-kit.ts';

/** Orders two scenarios share with their schedules, drafted before the other Brightside scenario orders. */
export interface BrightsideHistory {
  seasonal: PlannedOrder[];
  returns: PlannedOrder[];
}

export function brightsideHistory(kit: ScenarioKit): BrightsideHistory {
  const { ago, order, person } = kit;
  const seasonal = [12, 8].map((days, index) =>
    order({
      key: `seasonal-backorder:${index}`,
      placedAt: ago(days * 24 + 2),
      channel: 'web',
      customer: person(`C90010${index}`, ['Harper Nguyen', 'Isaac Haddad'][index]!),
      lines: [{ sku: 'BS-CND08-FRCR', quantity: 2 - index }],
    }),
  );
  const returns = [
    { placed: 34, received: 16, name: 'Nora Kowalski' },
    { placed: 20, received: 9, name: 'Wei Chen' },
    { placed: 15, received: 6, name: 'Amara Okafor' },
  ].map((entry, index) =>
    order({
      key: `returns-overdue:${index}`,
      placedAt: ago(entry.placed * 24),
      channel: 'web',
      customer: person(`C90020${index}`, entry.name),
      lines: [
        { sku: ['BS-CND3W-AMBN', 'BS-DIF100-SSAG', 'BS-CND14-SANT'][index]!, quantity: 1 },
        { sku: 'BS-WAX6-VANB', quantity: 2 },
      ],
      behaviour: (base) => ({
        ...base,
        pickAfterHours: 2,
        transitDays: 2,
        return: { afterDays: entry.placed - entry.received - 4, quantity: 1, inspectAfterHours: null, disposition: 'restock', grade: 'B' },
      }),
    }),
  );
  return { seasonal, returns };
}
