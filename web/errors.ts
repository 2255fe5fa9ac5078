/** The one place HTTP maps errors to statuses and the API's error body { error: { code, message, details? } }. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
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

/** Codes only the HTTP edge produces (the domain never throws them). */
export type HttpOnlyErrorCode = 'payload_too_large' | 'bad_request' | 'method_not_allowed';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: ErrorCode | HttpOnlyErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function statusForError(error: AppError): ContentfulStatusCode {
  return STATUS[error.code] ?? 500;
}

/** Sent with every 401 (RFC 6750): the API authenticates with bearer API keys. */
export const BEARER_CHALLENGE = 'Bearer realm="ops-copilot"';

export function errorResponse(c: Context, error: unknown): Response {
  if (error instanceof AppError) {
    if (error.code === 'unauthorized') c.header('WWW-Authenticate', BEARER_CHALLENGE);
    return c.json({ error: error.toJSON() }, statusForError(error));
  }
  if (error instanceof HTTPException) {
    // Raised by hono itself (malformed JSON body and similar): the client's fault, message is safe.
    const status = error.status as ContentfulStatusCode;
    if (status >= 500) return c.json(errorBody('internal', 'internal error'), 500);
    const code = status === 413 ? 'payload_too_large' : status === 405 ? 'method_not_allowed' : 'bad_request';
    return c.json(errorBody(code, error.message || 'bad request'), status);
  }
  // Unknown errors keep their message out of the response: it may carry internals.
  return c.json(errorBody('internal', 'internal error'), 500);
}
