/** A field-by-field diff of two tool-argument objects, for showing what an edit changed. */
export interface ArgsDiffLine {
  path: string;
  kind: 'same' | 'changed' | 'added' | 'removed';
  before?: string;
  after?: string;
}

function flatten(value: unknown, prefix: string, into: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [key, field] of Object.entries(value)) flatten(field, prefix ? `${prefix}.${key}` : key, into);
  } else if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, index) => flatten(item, `${prefix}[${index}]`, into));
  } else {
    into.set(prefix || '(value)', JSON.stringify(value));
  }
  return into;
}

export function diffArgs(before: unknown, after: unknown): ArgsDiffLine[] {
  const old = flatten(before, '', new Map());
  const next = flatten(after, '', new Map());
  const paths = [...new Set([...old.keys(), ...next.keys()])];
  return paths.map((path) => {
    const was = old.get(path);
    const now = next.get(path);
    if (was === undefined) return { path, kind: 'added', after: now };
    if (now === undefined) return { path, kind: 'removed', before: was };
    return was === now ? { path, kind: 'same', before: was, after: now } : { path, kind: 'changed', before: was, after: now };
  });
}
