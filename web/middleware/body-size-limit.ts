/** Rejects request bodies above the configured size with 413 and the API's JSON error shape. */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from '../errors.ts';

/**
 * GET and HEAD go straight on: @hono/node-server never gives them a body, and asking for one
 * (`c.req.raw.body`, the first thing hono's bodyLimit does) turns its lightweight request into a full
 * WHATWG Request with headers, an AbortController and a stream — 7 % of the main thread serving cached
 * reads to 50 clients (docs/benchmarks.md, session 13).
 */
const WITHOUT_BODY = new Set(['GET', 'HEAD']);

export function bodySizeLimit(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => c.json(errorBody('payload_too_large', `request body exceeds ${maxBytes} bytes`, { maxBytes }), 413),
  });
  return async function bodySizeLimitMiddleware(c, next) {
    if (WITHOUT_BODY.has(c.req.method)) return next();
    return limit(c, next);
  };
}
