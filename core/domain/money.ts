/** Money is numeric(14,2) in the database and a JS number here; round once, at the edge of each calculation. */
export function roundMoney(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** Amounts closer than half a cent are equal (float sums of two-decimal values drift by less). */
export function moneyEquals(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.005;
}
