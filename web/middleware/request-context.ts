/** Gives every request an id (X-Request-Id) and a logger bound to it, and logs each response once. */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import type { Logger } from '../logging/logger.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// An incoming id is reused only when it is short and plain, so it is safe in logs and headers.
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestContext(logger: Logger, now: () => number = () => performance.now()): MiddlewareHandler<AppEnv> {
  return async function requestContextMiddleware(c, next) {
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const requestId = incoming && WELL_FORMED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const requestLogger = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('logger', requestLogger);
    const started = now();
    try {
      await next();
    } finally {
      c.res.headers.set(REQUEST_ID_HEADER, requestId);
      const principal = c.get('principal');
      const status = c.res.status;
      const fields = {
        method: c.req.method,
        // The path only: query strings may carry search text that does not belong in logs.
        path: c.req.path,
        status,
        durationMs: Math.round((now() - started) * 10) / 10,
        ...(principal ? { tenantId: principal.tenantId, userId: principal.userId, authMethod: c.get('authMethod') } : {}),
      };
      if (status >= 500) requestLogger.error('request failed', fields);
      else requestLogger.info('request handled', fields);
    }
  };
}
