/**
 * OAuth at /mcp, derived once from the validated configuration: off unless COPILOT_OAUTH_ISSUER is
 * set (loadConfig then requires the resource and the scope mapping).
 */
import type { Config } from '../../../core/config.ts';
import type { Role } from '../../../core/identity/roles.ts';

export interface OAuthSettings {
  issuer: string;
  /** This server's /mcp URL: the audience every token must name. */
  resource: string;
  /** Explicit JWKS location; undefined: discovered from the issuer's metadata. */
  jwksUrl: string | undefined;
  scopeRoles: Readonly<Record<string, readonly Role[]>>;
  tenantClaim: string;
  clockToleranceSeconds: number;
  algorithms: string[];
  /** RFC 9728 metadata of the resource: /.well-known/oauth-protected-resource + the resource's path. */
  metadataUrl: string;
  /** The paths the metadata is served at (path-suffixed form first, then the root form). */
  metadataPaths: string[];
}

export type OAuthConfig = Pick<
  Config,
  | 'COPILOT_OAUTH_ISSUER'
  | 'COPILOT_OAUTH_RESOURCE'
  | 'COPILOT_OAUTH_JWKS_URL'
  | 'COPILOT_OAUTH_SCOPE_ROLES'
  | 'COPILOT_OAUTH_TENANT_CLAIM'
  | 'COPILOT_OAUTH_CLOCK_SKEW_SECONDS'
  | 'COPILOT_OAUTH_ALGORITHMS'
>;

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

export function oauthSettings(config: OAuthConfig): OAuthSettings | undefined {
  const issuer = config.COPILOT_OAUTH_ISSUER;
  const resource = config.COPILOT_OAUTH_RESOURCE;
  if (!issuer || !resource || !config.COPILOT_OAUTH_SCOPE_ROLES) return undefined;
  const resourceUrl = new URL(resource);
  const path = resourceUrl.pathname === '/' ? '' : resourceUrl.pathname.replace(/\/$/, '');
  return {
    issuer,
    resource,
    jwksUrl: config.COPILOT_OAUTH_JWKS_URL,
    scopeRoles: config.COPILOT_OAUTH_SCOPE_ROLES,
    tenantClaim: config.COPILOT_OAUTH_TENANT_CLAIM,
    clockToleranceSeconds: config.COPILOT_OAUTH_CLOCK_SKEW_SECONDS,
    algorithms: config.COPILOT_OAUTH_ALGORITHMS,
    metadataUrl: `${resourceUrl.origin}${WELL_KNOWN}${path}`,
    metadataPaths: [...new Set([`${WELL_KNOWN}${path}`, WELL_KNOWN])],
  };
}
