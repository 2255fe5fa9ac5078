import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorCode } from '../core/errors.ts';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  validation_failed: 400,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  precondition_failed: 409,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  database_locked: 503,
  configuration_invalid: 500,
  migration_failed: 500,
  index_mismatch: 503,
  policy_denied: 403,
  timeout: 504,
  upstream_failed: 502,
  internal: 500,
};

export function statusForError(error: AppError): ContentfulStatusCode {
  return STATUS[error.code] ?? 500;
}

/** The one error body shape of the API: { error: { code, message, details? } }. */
export function errorResponse(c: Context, error: unknown): Response {
  if (error instanceof AppError) {
    return c.json({ error: error.toJSON() }, statusForError(error));
  }
  // Unknown errors keep their message out of the response: it may carry internals.
  return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
}
