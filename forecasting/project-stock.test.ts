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
  cumulativeSigma: Array.from({ length: days }, (_, index) => sigma * Math.sqrt(index + 1)),
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

  it('counts a stockout before the next open purchase order arrives, even beyond the lead time', () => {
    // Runs out around day 9, the PO is due on day 12; an order placed today (7 days) is not the replenishment.
    const projection = projectStock(flat(10, 1), { available: 85, inbound: [{ inDays: 12, quantity: 300 }], leadTimeDays: 7 }, settings);
    expect(projection.replenishmentInDays).toBe(12);
    expect(projection.atRisk).toBe(true);
    const inTime = projectStock(flat(10, 1), { available: 85, inbound: [{ inDays: 6, quantity: 300 }], leadTimeDays: 7 }, settings);
    expect(inTime.atRisk).toBe(false);
  });

  it('holds a live warning while the expected projection still runs out, and clears it once that recovers', () => {
    // Expected stockout on day 8 (within the 8-day lead time), the confident one later than that.
    const wobbling = { available: 75, leadTimeDays: 8 };
    const fresh = projectStock(flat(10, 6), wobbling, { ...settings, alertConfidence: 0.95 });
    expect(fresh.expectedStockoutInDays).toBe(8);
    expect(fresh.confidentStockoutInDays).toBeGreaterThan(8);
    expect(fresh.atRisk).toBe(false);
    expect(projectStock(flat(10, 6), wobbling, { ...settings, alertConfidence: 0.95, alreadyAtRisk: true }).atRisk).toBe(true);
    expect(projectStock(flat(10, 6), { available: 200, leadTimeDays: 8 }, { ...settings, alreadyAtRisk: true }).atRisk).toBe(false);
  });

  it('counts as surplus only stock on hand beyond safety stock and its own demand over lead time + horizon', () => {
    // 10 a day with no spread over 7 + 14 days = 210 needed; 300 on hand, 20 safety stock, 10 unreserved demand.
    const rich = projectStock(flat(10, 0), { available: 300, openDemand: 10, safetyStock: 20, leadTimeDays: 7 }, settings);
    expect(rich.surplusQuantity).toBe(300 - 10 - 20 - 210);
    // Inbound is not surplus: it has not arrived.
    const short = projectStock(flat(10, 0), { available: 100, inbound: [{ inDays: 2, quantity: 500 }], leadTimeDays: 7 }, settings);
    expect(short.surplusQuantity).toBe(0);
  });

  it('starts from a shortfall when a count below book left available negative: out at once, and the order covers the deficit', () => {
    const projection = projectStock(flat(10, 2), { available: -4, leadTimeDays: 7 }, settings);
    expect(projection.confidentStockoutInDays).toBe(1);
    expect(projection.atRisk).toBe(true);
    expect(projection.days[0]!.expected).toBeCloseTo(-14);
    const covered = projectStock(flat(10, 2), { available: 0, leadTimeDays: 7 }, settings).suggestedOrderQuantity;
    expect(projection.suggestedOrderQuantity).toBe(covered + 4);
    expect(projection.surplusQuantity).toBe(0);
    for (const day of projection.days) expect(Number.isFinite(day.atServiceLevel)).toBe(true);
  });
});
