/**
 * The Host/Origin rule of /mcp (mcp/http/host-origin-guard.ts: DNS-rebinding protection) for other
 * endpoints that answer without a key: once an operator lists COPILOT_ALLOWED_HOSTS, a request naming
 * another host (or sent from a page of another origin) gets 403. Unset, nothing changes: the server
 * binds to loopback by default.
 */
import type { MiddlewareHandler } from 'hono';
import { checkHostAndOrigin, hostOriginPolicy } from '../../mcp/http/host-origin-guard.ts';
import { errorBody } from '../errors.ts';

export function allowedHostsOnly(settings: { allowedHosts?: string | undefined; corsOrigins?: string | undefined }): MiddlewareHandler {
  const policy = settings.allowedHosts
    ? hostOriginPolicy({ allowedHosts: settings.allowedHosts, corsOrigins: settings.corsOrigins })
    : undefined;
  return async function allowedHosts(c, next) {
    if (policy) {
      const verdict = checkHostAndOrigin(c.req.raw, policy);
      if (!verdict.allowed) return c.json(errorBody('forbidden', verdict.reason), 403);
    }
    await next();
  };
}
