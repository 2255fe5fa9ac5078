/**
 * MCP over Streamable HTTP at /mcp. Order of checks: Host/Origin (403, DNS rebinding), then a bearer
 * API key or OAuth access token (401/403; the session cookie is not accepted here), then the stateless
 * handler. Body size (413) and rate limits (429) come from the app-wide middleware, which runs first.
 * The credential fixes tenant and roles; it goes no further than authentication (no token passthrough
 * to anything else). With OAuth configured, every refusal carries the RFC 9728 challenge.
 */
import type { Context, Hono } from 'hono';
import type { Config } from '../../core/config.ts';
import { UnauthorizedError } from '../../core/errors.ts';
import { checkHostAndOrigin, hostOriginPolicy } from '../../mcp/http/host-origin-guard.ts';
import { handleMcpHttpRequest } from '../../mcp/http/handle-mcp-http-request.ts';
import type { McpServices, McpToolSource } from '../../mcp/mcp-services.ts';
import type { AppError } from '../../core/errors.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { clientAddress } from '../middleware/rate-limit.ts';
import type { AppEnv } from '../context.ts';
import { errorBody, errorResponse } from '../errors.ts';
import type { OAuthSettings } from '../auth/oauth/oauth-settings.ts';
import { bearerChallenge } from '../auth/oauth/protected-resource-metadata.ts';
import { AccessTokenRefusedError } from '../auth/oauth/verify-access-token.ts';

export interface McpRouteDependencies {
  config: Pick<Config, 'COPILOT_ALLOWED_HOSTS' | 'COPILOT_CORS_ORIGINS' | 'COPILOT_BODY_LIMIT_BYTES'>;
  registry: McpToolSource;
  services: McpServices;
  /** OAuth access tokens are accepted beside API keys (and 401s point at the metadata) when set. */
  oauth?: OAuthSettings;
  /**
   * Test mode (`serve --mcp-test-tenant`): requests from a loopback address that carry no credentials
   * at all act as this principal. The CLI allows it only on a loopback interface.
   */
  testPrincipal?: Principal;
}

const LOOPBACK_CLIENT = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/** The test principal, for a request without any credential from this machine; undefined otherwise. */
function testModePrincipal(c: Context<AppEnv>, deps: McpRouteDependencies): Principal | undefined {
  if (!deps.testPrincipal || c.req.header('Authorization') !== undefined || c.get('authError')) return undefined;
  return LOOPBACK_CLIENT.test(clientAddress(c)) ? deps.testPrincipal : undefined;
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
    const method = c.get('authMethod');
    const principal = (method === 'bearer' || method === 'oauth' ? c.get('principal') : undefined) ?? testModePrincipal(c, deps);
    if (!principal) {
      const refusal =
        c.get('authError') ??
        new UnauthorizedError(`MCP requires Authorization: Bearer <${deps.oauth ? 'API key or OAuth access token' : 'API key'}>`);
      // Without OAuth the error handler adds `WWW-Authenticate: Bearer realm=…` to every 401.
      if (!deps.oauth) throw refusal;
      return challenged(c, refusal, deps.oauth);
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

/** A 401 (or an insufficient_scope 403) with the challenge that leads OAuth clients to the metadata. */
function challenged(c: Context<AppEnv>, refusal: AppError, oauth: OAuthSettings): Response {
  const response = errorResponse(c, refusal);
  const tokenRefusal = refusal instanceof AccessTokenRefusedError ? refusal : undefined;
  if (response.status === 401 || tokenRefusal) response.headers.set('WWW-Authenticate', bearerChallenge(oauth, tokenRefusal));
  return response;
}
