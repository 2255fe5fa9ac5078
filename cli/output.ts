import { AppError } from '../core/errors.ts';

/** Prints data as pretty JSON (for --json): one document on stdout, nothing else. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows as an aligned text table. */
export function printTable(rows: ReadonlyArray<Record<string, unknown>>, columns?: string[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const keys = columns ?? Object.keys(rows[0]!);
  const cell = (value: unknown): string =>
    value === null || value === undefined
      ? ''
      : value instanceof Date
        ? value.toISOString()
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  const widths = keys.map((key) => Math.min(60, Math.max(key.length, ...rows.map((row) => cell(row[key]).length))));
  const line = (values: string[]): string =>
    values
      .map((value, i) => value.slice(0, 60).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(keys)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const row of rows) process.stdout.write(`${line(keys.map((key) => cell(row[key])))}\n`);
}

/** Human-readable one-line message for an error; never prints secrets or stack traces for known errors. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) {
    const issues = (error.details as { issues?: Array<{ path: string; message: string }> } | undefined)?.issues;
    const extra =
      issues?.length && !error.message.includes(issues[0]!.message)
        ? `\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`
        : '';
    return `error [${error.code}]: ${error.message}${extra}`;
  }
  if (error instanceof Error) return `error: ${error.message}`;
  return `error: ${String(error)}`;
}
