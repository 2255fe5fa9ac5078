/** Validates tool arguments against the tool's schema, plus what every call must satisfy. */
import type { z } from 'zod';
import { issuesFromZod, ValidationError } from '../../core/errors.ts';

const MAX_ARGS_LENGTH = 64 * 1024;

type Validated = { ok: true; value: unknown } | { ok: false; error: ValidationError };

/** Schema-validates arguments; also refuses what PostgreSQL's jsonb cannot store (NUL characters) and oversized input. */
export function validateArgs(schema: z.ZodType, args: unknown, toolName: string): Validated {
  const parsed = schema.safeParse(args);
  if (!parsed.success) return { ok: false, error: validationError(`arguments for ${toolName}`, parsed.error) };
  let serialized: string;
  try {
    serialized = JSON.stringify(parsed.data) ?? 'null';
  } catch {
    return { ok: false, error: new ValidationError(`arguments for ${toolName} are not JSON`) };
  }
  if (serialized.length > MAX_ARGS_LENGTH)
    return { ok: false, error: new ValidationError(`arguments for ${toolName} exceed ${MAX_ARGS_LENGTH} characters`) };
  if (containsNul(parsed.data)) return { ok: false, error: new ValidationError(`arguments for ${toolName} contain a NUL character`) };
  return { ok: true, value: JSON.parse(serialized) as unknown };
}

export function validationError(what: string, error: z.ZodError): ValidationError {
  const issues = issuesFromZod(error);
  return new ValidationError(`invalid ${what}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, issues);
}

export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, member]) => key.includes('\0') || containsNul(member));
  }
  return false;
}
