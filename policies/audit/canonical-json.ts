/**
 * Canonical JSON: object keys sorted at every level, no whitespace, undefined members dropped. Two
 * structurally equal values always serialise to the same string, which is what a hash needs; the
 * value round-trips through jsonb unchanged (jsonb reorders keys but the canonical form re-sorts them).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalizeForJson(value));
}

/** The value as JSON would store it (Dates as ISO strings, undefined dropped), keys sorted. */
export function normalizeForJson(value: unknown): unknown {
  if (value === undefined) return null;
  return sortKeys(JSON.parse(JSON.stringify(value)) as unknown);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}
