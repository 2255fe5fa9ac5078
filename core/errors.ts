/**
 * Typed errors shared by every folder. Each carries a stable `code` that API, CLI and MCP surfaces
 * map to a status and print; `details` holds structured context (field paths, ids) safe to show.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'illegal_transition'
  | 'precondition_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'database_locked'
  | 'configuration_invalid'
  | 'migration_failed'
  | 'index_mismatch'
  | 'policy_denied'
  | 'timeout'
  | 'upstream_failed'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  readonly issues: FieldIssue[];
  constructor(message: string, issues: FieldIssue[] = []) {
    super('validation_failed', message, issues.length ? { issues } : undefined);
    this.issues = issues;
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, id: string) {
    super('not_found', `${entity} ${id} not found`, { entity, id });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}

export class IllegalTransitionError extends AppError {
  constructor(entity: string, from: string, to: string, reason?: string) {
    super('illegal_transition', `${entity} cannot move from ${from} to ${to}${reason ? `: ${reason}` : ''}`, { entity, from, to });
  }
}

export class PreconditionFailedError extends AppError {
  constructor(message: string, details?: unknown) {
    super('precondition_failed', message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'missing or invalid API key') {
    super('unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, details?: unknown) {
    super('forbidden', message, details);
  }
}

export class ConfigurationError extends AppError {
  constructor(message: string, details?: unknown) {
    super('configuration_invalid', message, details);
  }
}

/** Convert zod issues into field paths a human can act on ("lines.0.sku: Required"). */
export function issuesFromZod(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Parse with a zod schema, throwing a ValidationError that names each bad field. */
export function parseOrThrow<T>(
  schema: {
    safeParse(
      input: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
  },
  input: unknown,
  what: string,
): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error);
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new ValidationError(`invalid ${what}: ${summary}`, issues);
}
