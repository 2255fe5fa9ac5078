/** Validates tool arguments against the tool's schema, plus what every call must satisfy. */
import type { z } from 'zod';
import { issuesFromZod, ValidationError } from '../../core/errors.ts';
import { safeInput } from '../../core/text/safe-text.ts';

const MAX_ARGS_LENGTH = 64 * 1024;

type Validated = { ok: true; value: unknown } | { ok: false; error: ValidationError };

/**
 * Schema-validates arguments under the text rule (no NUL, no unpaired surrogate: PostgreSQL cannot
 * store them, so they are refused here naming the argument) and refuses oversized input.
 */
export function validateArgs(schema: z.ZodType, args: unknown, toolName: string): Validated {
  const parsed = safeInput(schema).safeParse(args);
  if (!parsed.success) return { ok: false, error: validationError(`arguments for ${toolName}`, parsed.error) };
  let serialized: string;
  try {
    serialized = JSON.stringify(parsed.data) ?? 'null';
  } catch {
    return { ok: false, error: new ValidationError(`arguments for ${toolName} are not JSON`) };
  }
  if (serialized.length > MAX_ARGS_LENGTH)
    return { ok: false, error: new ValidationError(`arguments for ${toolName} exceed ${MAX_ARGS_LENGTH} characters`) };
  return { ok: true, value: JSON.parse(serialized) as unknown };
}

export function validationError(what: string, error: z.ZodError): ValidationError {
  const issues = issuesFromZod(error);
  return new ValidationError(`invalid ${what}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, issues);
}
