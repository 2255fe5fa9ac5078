import { describe, expect, it } from 'vitest';
import type { DemandForecast } from './forecast-demand.ts';
import { projectStock } from './project-stock.ts';

const flat = (perDay: number, sigma: number, days = 30): DemandForecast => ({
  ok: true,
  demandClass: 'smooth',
  method: 'ses',
  adi: 1,
  cv2: 0.1,
  mean: new Array(days).fill(perDay),
  sigma: new Array(days).fill(sigma),
  lower: new Array(days).fill(Math.max(0, perDay - sigma)),
  upper: new Array(days).fill(perDay + sigma),
  intervalLevel: 0.9,
});
const settings = { serviceLevel: 0.9, alertConfidence: 0.8, horizonDays: 14, defaultLeadTimeDays: 10 };

describe('projectStock', () => {
  it('is at risk when stock runs out before an order placed today could arrive', () => {
    const projection = projectStock(flat(10, 2), { available: 40, leadTimeDays: 7 }, settings);
    expect(projection.atRisk).toBe(true);
    expect(projection.expectedStockoutInDays).toBe(5);
    expect(projection.confidentStockoutInDays).toBeGreaterThanOrEqual(5);
    expect(projection.stockoutInDays).toBeLessThanOrEqual(5);
    expect(projection.leadTimeSource).toBe('history');
    expect(projection.suggestedOrderQuantity).toBeGreaterThan(10 * 21 - 40);
  });

  it('is not at risk when inbound arrives in time, or when a reorder now still arrives first', () => {
    expect(projectStock(flat(10, 2), { available: 40, inbound: [{ inDays: 3, quantity: 200 }], leadTimeDays: 7 }, settings).atRisk).toBe(
      false,
    );
    const late = projectStock(flat(10, 1), { available: 120, leadTimeDays: 7 }, settings);
    expect(late.expectedStockoutInDays).toBe(13);
    expect(late.atRisk).toBe(false);
  });

  it('counts unreserved open demand and uses the policy lead time when none is known', () => {
    const projection = projectStock(flat(1, 0.1), { available: 50, openDemand: 48, leadTimeDays: null }, settings);
    expect(projection).toMatchObject({ leadTimeSource: 'policy_default', leadTimeDays: 10, atRisk: true });
    expect(projection.days[0]!.expected).toBeCloseTo(1, 5);
  });
});
