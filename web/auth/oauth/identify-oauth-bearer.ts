/**
 * OAuth 2.1 bearer access tokens at /mcp (beside API keys). A JWT-shaped bearer credential on the MCP
 * path is verified here (verify-access-token.ts); when it holds, the request runs as the tenant user
 * linked to the token's (issuer, subject) with the roles its scopes map to, re-derived on every
 * request. A refusal is remembered as `authError` (401 invalid_token / 403 insufficient_scope, with
 * the RFC 9728 challenge added by the MCP route), logged, and audited in the named tenant when the
 * token was genuinely issued for this server. The token goes no further than this file.
 */
import type { MiddlewareHandler } from 'hono';
import type { JWTVerifyGetKey } from 'jose';
import type { Database } from '../../../core/db/database.ts';
import { withTenant } from '../../../core/db/tenant-scope.ts';
import { ForbiddenError } from '../../../core/errors.ts';
import { userForExternalIdentity } from '../../../core/identity/external-identities.ts';
import { findTenant } from '../../../core/tenants/tenants.ts';
import { auditAccessTokenRefused, auditExternalIdentityLinked } from '../../../policies/index.ts';
import type { AppEnv } from '../../context.ts';
import type { OAuthSettings } from './oauth-settings.ts';
import { AccessTokenRefusedError, JWT_SHAPE, verifyAccessToken } from './verify-access-token.ts';

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;
const SURFACE = 'mcp oauth';
/** One audit entry per (tenant, subject, reason) in this window: a client retrying in a loop must not flood the chain. */
const REFUSAL_AUDIT_WINDOW_MS = 10 * 60_000;

export interface OAuthBearerOptions {
  db: Database;
  settings: OAuthSettings;
  keys: JWTVerifyGetKey;
  /** The paths tokens are accepted on (their audience is the MCP resource). */
  paths: readonly string[];
  now?: () => number;
}

export function identifyOAuthBearer(options: OAuthBearerOptions): MiddlewareHandler<AppEnv> {
  const { db, settings, keys } = options;
  const now = options.now ?? Date.now;
  const recentRefusals = new Map<string, number>();

  const auditRefusal = async (error: AccessTokenRefusedError): Promise<void> => {
    const claims = error.verified;
    if (!claims?.tenantRef) return;
    const tenant = await findTenant(db, claims.tenantRef);
    if (!tenant) return;
    const key = `${tenant.id}\n${claims.subject}\n${error.reason}`;
    const at = now();
    for (const [seen, when] of recentRefusals) if (at - when > REFUSAL_AUDIT_WINDOW_MS) recentRefusals.delete(seen);
    if (recentRefusals.has(key)) return;
    recentRefusals.set(key, at);
    await withTenant(db, tenant.id, (tx) =>
      auditAccessTokenRefused(tx, {
        tenantId: tenant.id,
        issuer: claims.issuer,
        subject: claims.subject,
        reason: error.reason,
        scopes: claims.scopes,
        surface: SURFACE,
      }),
    );
  };

  return async function identifyOAuthBearerMiddleware(c, next) {
    if (!options.paths.includes(c.req.path)) return next();
    const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
    if (!token || !JWT_SHAPE.test(token)) return next();
    const logger = c.get('logger');
    try {
      const verified = await verifyAccessToken(token, settings, keys, new Date(now()));
      const tenant = await findTenant(db, verified.tenantRef);
      if (!tenant) {
        logger?.warn('access token refused', {
          reason: 'unknown_tenant',
          issuer: verified.issuer,
          subject: verified.subject,
          tenant: verified.tenantRef,
        });
        throw new ForbiddenError(`the tenant named by the access token (${verified.tenantRef}) does not exist`, {
          reason: 'unknown_tenant',
        });
      }
      const linked = await withTenant(db, tenant.id, async (tx) => {
        const user = await userForExternalIdentity(tx, {
          tenantId: tenant.id,
          issuer: verified.issuer,
          subject: verified.subject,
          ...(verified.displayName ? { displayName: verified.displayName } : {}),
          roles: verified.roles,
        });
        if (user.created)
          await auditExternalIdentityLinked(tx, {
            tenantId: tenant.id,
            issuer: verified.issuer,
            subject: verified.subject,
            ...user,
            surface: SURFACE,
          });
        return user;
      });
      c.set('principal', {
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        userId: linked.userId,
        userName: linked.userName,
        roles: linked.roles,
      });
      c.set('authMethod', 'oauth');
    } catch (error) {
      if (error instanceof AccessTokenRefusedError) {
        logger?.warn('access token refused', {
          reason: error.reason,
          ...(error.verified ? { issuer: error.verified.issuer, subject: error.verified.subject, tenant: error.verified.tenantRef } : {}),
        });
        await auditRefusal(error);
        c.set('authError', error);
      } else if (error instanceof ForbiddenError) {
        c.set('authError', error);
      } else {
        throw error;
      }
    }
    await next();
  };
}
