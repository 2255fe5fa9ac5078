/** Domain read models carry Dates; the API sends ISO 8601 strings. Converts deeply, leaves the rest as is. */
export type JsonSafe<T> = T extends Date
  ? string
  : T extends Array<infer Item>
    ? Array<JsonSafe<Item>>
    : T extends object
      ? { [Key in keyof T]: JsonSafe<T[Key]> }
      : T;

export function toJsonSafe<T>(value: T): JsonSafe<T> {
  if (value instanceof Date) return value.toISOString() as JsonSafe<T>;
  if (Array.isArray(value)) return value.map((item) => toJsonSafe(item)) as JsonSafe<T>;
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) result[key] = toJsonSafe(field);
    return result as JsonSafe<T>;
  }
  return value as JsonSafe<T>;
}
