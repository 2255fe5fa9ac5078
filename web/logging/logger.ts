/** A tiny structured logger: one JSON object per line on stderr, filtered by level, secrets redacted. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. the request id) to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; stderr by default (stdout stays free for CLI output). */
  write?: (line: string) => void;
  now?: () => Date;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

// Field names whose values never reach a log line, whatever their nesting: credentials travel in them.
const SECRET_FIELD = /^(authorization|cookie|set-cookie|password|passphrase|secret|.*_secret|token|.*token|api_?key|key|session)$/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    result[name] = SECRET_FIELD.test(name) ? '[redacted]' : redact(field, depth + 1);
  }
  return result;
}

export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const threshold = SEVERITY[options.level];
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const now = options.now ?? (() => new Date());

  const emit = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void => {
    if (SEVERITY[level] < threshold) return;
    const record = redact({ ...bound, ...fields }) as LogFields;
    write(`${JSON.stringify({ time: now().toISOString(), level, message, ...record })}\n`);
  };

  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}
