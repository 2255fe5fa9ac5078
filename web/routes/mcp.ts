/**
 * MCP over Streamable HTTP at /mcp. Order of checks: Host/Origin (403, DNS rebinding), then a bearer
 * API key (401; the session cookie is not accepted here), then the stateless handler. Body size (413)
 * and rate limits (429) come from the app-wide middleware, which runs first. The key fixes tenant and
 * roles; the key itself goes no further than authentication (no token passthrough to anything else).
 */
import type { Hono } from 'hono';
import type { Config } from '../../core/config.ts';
import { UnauthorizedError } from '../../core/errors.ts';
import { checkHostAndOrigin, hostOriginPolicy } from '../../mcp/http/host-origin-guard.ts';
import { handleMcpHttpRequest } from '../../mcp/http/handle-mcp-http-request.ts';
import type { McpServices, McpToolSource } from '../../mcp/mcp-services.ts';
import type { AppEnv } from '../context.ts';
import { errorBody } from '../errors.ts';

export interface McpRouteDependencies {
  config: Pick<Config, 'COPILOT_ALLOWED_HOSTS' | 'COPILOT_CORS_ORIGINS' | 'COPILOT_BODY_LIMIT_BYTES'>;
  registry: McpToolSource;
  services: McpServices;
}

export const MCP_PATH = '/mcp';

/**
 * Stateless HTTP handles `initialize` and later calls on different server instances, so the client's
 * name from initialize is unknown when a tool is called; its User-Agent (untrusted, like the name
 * itself) is the next best label for the proposal's origin.
 */
export function httpClientLabel(userAgent: string | undefined): string {
  const agent = (userAgent ?? '')
    .replace(/[^\x20-\x7e]/g, '')
    .trim()
    .slice(0, 100);
  return agent ? `streamable-http (${agent})` : 'streamable-http';
}

export function registerMcpRoutes(app: Hono<AppEnv>, deps: McpRouteDependencies): void {
  const policy = hostOriginPolicy({ allowedHosts: deps.config.COPILOT_ALLOWED_HOSTS, corsOrigins: deps.config.COPILOT_CORS_ORIGINS });

  app.all(MCP_PATH, async function mcpEndpoint(c) {
    const verdict = checkHostAndOrigin(c.req.raw, policy);
    if (!verdict.allowed) {
      c.get('logger')?.warn('mcp request refused', { reason: verdict.reason });
      return c.json(errorBody('forbidden', verdict.reason), 403);
    }
    const principal = c.get('authMethod') === 'bearer' ? c.get('principal') : undefined;
    if (!principal) {
      const presented = c.get('authError');
      // The error handler adds `WWW-Authenticate: Bearer realm=…` to every 401.
      throw presented ?? new UnauthorizedError('MCP requires Authorization: Bearer <API key>');
    }
    const logger = c.get('logger');
    return handleMcpHttpRequest(c.req.raw, {
      registry: deps.registry,
      principal,
      services: deps.services,
      fallbackClientName: httpClientLabel(c.req.header('User-Agent')),
      maxBodyBytes: deps.config.COPILOT_BODY_LIMIT_BYTES,
      ...(logger
        ? { log: (message: string, fields?: Record<string, unknown>) => logger.warn(message, { ...fields, surface: 'mcp' }) }
        : {}),
    });
  });
}
