/**
 * RFC 9728 protected-resource metadata for /mcp, and the `WWW-Authenticate` challenge pointing at it
 * (MCP authorization: clients discover the authorization server from a 401). Served at the
 * path-suffixed location (`/.well-known/oauth-protected-resource/mcp`) and at the root form, which
 * clients fall back to. Readable from any origin: it is public by design.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import type { OAuthSettings } from './oauth-settings.ts';
import type { AccessTokenRefusedError } from './verify-access-token.ts';

export function protectedResourceMetadata(settings: OAuthSettings): Record<string, unknown> {
  return {
    resource: settings.resource,
    authorization_servers: [settings.issuer],
    scopes_supported: Object.keys(settings.scopeRoles),
    bearer_methods_supported: ['header'],
    resource_signing_alg_values_supported: settings.algorithms,
    resource_name: 'Ops Copilot MCP',
  };
}

export function registerProtectedResourceMetadata(app: Hono<AppEnv>, settings: OAuthSettings): void {
  const body = protectedResourceMetadata(settings);
  for (const path of settings.metadataPaths) {
    app.get(path, (c) => {
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(body);
    });
  }
}

// Quoted-string values (RFC 7235), kept to printable ASCII (header values carry no other text safely):
// no quotes, backslashes or control characters, and bounded.
const quoted = (value: string): string =>
  `"${[...value]
    .filter((char) => char >= ' ' && char <= '~' && char !== '"' && char !== '\\')
    .join('')
    .slice(0, 300)}"`;

/**
 * The challenge for a refused /mcp request: resource_metadata always; error and error_description for
 * a refused token (RFC 6750 §3), with the scopes that would do for insufficient_scope.
 */
export function bearerChallenge(settings: OAuthSettings, refused?: AccessTokenRefusedError): string {
  const parts = [`Bearer resource_metadata=${quoted(settings.metadataUrl)}`];
  if (refused) {
    parts.push(`error=${quoted(refused.oauthError)}`, `error_description=${quoted(refused.message)}`);
    if (refused.scope) parts.push(`scope=${quoted(refused.scope)}`);
  }
  return parts.join(', ');
}
