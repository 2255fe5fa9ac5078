/** Rejects request bodies above the configured size with 413 and the API's JSON error shape. */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from '../errors.ts';

export function bodySizeLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => c.json(errorBody('payload_too_large', `request body exceeds ${maxBytes} bytes`, { maxBytes }), 413),
  });
}
