/**
 * Values as SQL literals, for the one place that cannot send them as bound parameters: a scoped
 * query sent as one simple-protocol message (core/db/postgres.ts `scopedQuery`). The text of each
 * value is what `pg` would bind for it (arrays in PostgreSQL's array syntax, dates as ISO strings,
 * objects as JSON); the literal is untyped, so PostgreSQL reads it with the parameter's own type.
 */

/** A string as a quoted literal that means the same with or without standard_conforming_strings. */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('a SQL literal cannot contain a NUL character');
  const quoted = text.replaceAll("'", "''");
  return text.includes('\\') ? `E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

/** The text `pg` binds for a value (null for SQL NULL). */
export function parameterText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return arrayText(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  return JSON.stringify(value);
}

function arrayText(values: readonly unknown[]): string {
  const elements = values.map((value) => {
    if (Array.isArray(value)) return arrayText(value);
    const text = parameterText(value);
    return text === null ? 'NULL' : `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${elements.join(',')}}`;
}

/** A value as an untyped SQL literal (NULL for null). */
export function sqlLiteral(value: unknown): string {
  const text = parameterText(value);
  return text === null ? 'NULL' : quoteLiteral(text);
}
