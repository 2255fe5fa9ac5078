/**
 * Rows that a statement returns inside a json value (`json_agg`, `row_to_json`): the read models that
 * fetch an entity with all its parts in one statement. The driver turns a timestamptz column into a
 * Date, but inside json it is an ISO 8601 string; these helpers give such rows their Dates back, so a
 * one-statement read returns exactly what reading the parts one statement each returned.
 */

/** The fields of T that hold a Date (or null). */
export type TimestampKey<T> = { [Key in keyof T]-?: NonNullable<T[Key]> extends Date ? Key : never }[keyof T];

/**
 * All of T's Date fields, named once: the list must name every one (a Date field added to T and not
 * here does not compile), so no timestamp stays a string.
 */
export function timestampKeys<T>() {
  return <const Keys extends readonly TimestampKey<T>[]>(...keys: [TimestampKey<T>] extends [Keys[number]] ? Keys : never): Keys => keys;
}

/** `(SELECT json_agg(part) …)` of a statement's rows in its own ORDER BY; `[]` for none. */
export const jsonRows = (sql: string): string => `(SELECT coalesce(json_agg(part), '[]'::json) FROM (${sql}) part)`;

/** `(SELECT row_to_json(part) …)` of a statement's one row; null for none. */
export const jsonRow = (sql: string): string => `(SELECT row_to_json(part) FROM (${sql}) part)`;

/** The row with the named fields turned from ISO 8601 strings into Dates (in place: the row is fresh from JSON). */
export function withTimestamps<T>(row: unknown, keys: readonly TimestampKey<T>[]): T {
  const record = row as Record<string, unknown>;
  for (const key of keys as readonly string[]) {
    const value = record[key];
    if (typeof value === 'string') record[key] = new Date(value);
  }
  return row as T;
}
