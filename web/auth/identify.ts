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
import { readSessionCookie } from './session-cookie.ts';
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
