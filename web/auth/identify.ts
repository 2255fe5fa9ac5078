/**
 * Resolves who is calling, for every request: an `Authorization: Bearer <API key>` header, or else
 * the UI's session cookie. It never rejects by itself (public routes stay public); a refused
 * credential is remembered as `authError` and turned into a 401 by requireAuth.
 */
import type { MiddlewareHandler } from 'hono';
import type { Database } from '../../core/db/database.ts';
import { UnauthorizedError } from '../../core/errors.ts';
import { authenticateApiKey } from '../../core/identity/api-keys.ts';
import type { AppEnv } from '../context.ts';
import { runInPartnerScope } from '../../core/db/partner-scope.ts';
import { ForbiddenError } from '../../core/errors.ts';
import { enterTenant } from '../../core/partners/index.ts';
import { resolvePartnerSession, setPartnerSessionTenant } from './partner-session-store.ts';
import { PARTNER_SESSION_COOKIE, readSessionCookie } from './session-cookie.ts';
import { resolveSession } from './session-store.ts';

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

export interface IdentifyOptions {
  /** The single sign-on issuer in use (COPILOT_OIDC_ISSUER): only its sessions are honoured. */
  oidcIssuer?: string | undefined;
}

export function identify(db: Database, options: IdentifyOptions = {}): MiddlewareHandler<AppEnv> {
  return async function identifyMiddleware(c, next) {
    // A partner key or an OAuth access token was already resolved (or refused) before.
    if (c.get('principal') !== undefined || c.get('partnerPrincipal') !== undefined || c.get('authError') !== undefined) return next();
    const authorization = c.req.header('Authorization');
    if (authorization !== undefined) {
      const token = BEARER.exec(authorization)?.[1];
      if (!token) {
        c.set('authError', new UnauthorizedError('Authorization header must be "Bearer <API key>"'));
      } else {
        try {
          c.set('principal', await authenticateApiKey(db, token));
          c.set('authMethod', 'bearer');
        } catch (error) {
          if (!(error instanceof UnauthorizedError)) throw error;
          c.set('authError', error);
        }
      }
    } else if (readSessionCookie(c, PARTNER_SESSION_COOKIE)) {
      const session = await resolvePartnerSession(db, readSessionCookie(c, PARTNER_SESSION_COOKIE)!, { oidcIssuer: options.oidcIssuer });
      if (session) {
        c.set('partnerPrincipal', session.partner);
        c.set('authMethod', 'session');
        c.set('partnerSessionHash', session.tokenHash);
        if (session.identity) c.set('sessionIdentity', session.identity);
        if (session.currentTenantId) {
          try {
            // The grant is checked again here (and by the database on every transaction of the request).
            const inside = await enterTenant(db, session.partner, session.currentTenantId);
            c.set('principal', inside.principal);
            return runInPartnerScope(inside.scope, next);
          } catch (error) {
            if (!(error instanceof ForbiddenError)) throw error;
            // The grant was revoked: back to the partner's own pages.
            await setPartnerSessionTenant(db, session.tokenHash, undefined);
          }
        }
      }
    } else {
      const token = readSessionCookie(c);
      const session = token ? await resolveSession(db, token, { oidcIssuer: options.oidcIssuer }) : undefined;
      if (session) {
        c.set('principal', session.principal);
        c.set('authMethod', 'session');
        c.set('sessionHash', session.tokenHash);
        if (session.identity) c.set('sessionIdentity', session.identity);
      }
    }
    await next();
  };
}
