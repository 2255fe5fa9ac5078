/**
 * Per-caller rate limiting: authenticated requests count against their API key (a session counts
 * against the key it was opened with), anonymous and failed-auth requests against the client
 * address. Over the limit: 429, Retry-After, and the JSON error body.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { errorBody } from '../errors.ts';
import type { TokenBuckets } from './token-bucket.ts';

/** The socket's remote address; 'local' when there is no socket (app.request() in tests). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local';
  }
}

export function rateLimitKey(c: Context<AppEnv>): string {
  const principal = c.get('principal');
  if (principal?.keyId) return `key:${principal.keyId}`;
  if (principal) return `user:${principal.tenantId}:${principal.userId}`;
  return `ip:${clientAddress(c)}`;
}

export function rateLimit(buckets: TokenBuckets): MiddlewareHandler<AppEnv> {
  return async function rateLimitMiddleware(c, next) {
    const result = buckets.take(rateLimitKey(c));
    if (!result.allowed) {
      c.header('Retry-After', String(result.retryAfterSeconds));
      c.header('RateLimit-Limit', String(buckets.capacity));
      c.header('RateLimit-Remaining', '0');
      return c.json(
        errorBody('rate_limited', `rate limit of ${buckets.capacity} requests per minute exceeded`, {
          retryAfterSeconds: result.retryAfterSeconds,
        }),
        429,
      );
    }
    await next();
    c.res.headers.set('RateLimit-Limit', String(buckets.capacity));
    c.res.headers.set('RateLimit-Remaining', String(result.remaining));
  };
}
