/** Field-by-field differences between two JSON values, as paths a person can read (`rules[0].when.amount.lte`). */

export interface ValueChange {
  path: string;
  /** Absent when the field exists only on the other side. */
  template?: unknown;
  tenant?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every leaf that differs (arrays compared by position), at most `limit` of them. */
export function diffValues(template: unknown, tenant: unknown, limit = 200): ValueChange[] {
  const changes: ValueChange[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (changes.length >= limit) return;
    if (isObject(a) && isObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], path ? `${path}.${key}` : key);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let index = 0; index < Math.max(a.length, b.length); index += 1) walk(a[index], b[index], `${path}[${index}]`);
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    changes.push({ path: path || '(root)', ...(a === undefined ? {} : { template: a }), ...(b === undefined ? {} : { tenant: b }) });
  };
  walk(template, tenant, '');
  return changes;
}
