/** What middleware puts on the request context, and typed accessors for route handlers. */
import type { Context } from 'hono';
import type { Principal } from '../core/identity/roles.ts';
import type { PartnerPrincipal } from '../core/partners/index.ts';
import { UnauthorizedError, type AppError } from '../core/errors.ts';
import type { Logger } from './logging/logger.ts';

/** bearer: an API key (tenant or partner); oauth: an OAuth access token (/mcp only); session: the UI's cookie. */
export type AuthMethod = 'bearer' | 'oauth' | 'session';

export interface AppVariables {
  /** Set on every request (X-Request-Id, echoed when the caller sent a well-formed one). */
  requestId: string;
  /** The request's logger: every line carries the request id. */
  logger: Logger;
  /** The authenticated caller, when the request carried a valid API key or session cookie. */
  principal?: Principal;
  /** A partner's person (partner key), before or besides the tenant it works in (see identify-partner.ts). */
  partnerPrincipal?: PartnerPrincipal;
  authMethod?: AuthMethod;
  /** Hash of the session token, when authenticated by session cookie (sign-out deletes it). */
  sessionHash?: string;
  /** Hash of a partner person's session token (web_partner_sessions), when the request carried one. */
  partnerSessionHash?: string;
  /** The identity provider's (issuer, subject) when the session was opened by single sign-on. */
  sessionIdentity?: { issuer: string; subject: string };
  /** Why credentials that were presented were refused (kept until a route requires authentication). */
  authError?: AppError;
}

export interface AppEnv {
  Variables: AppVariables;
}

/** The authenticated principal; throws 401 when the request has none (use after requireAuth). */
export function getPrincipal(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw c.get('authError') ?? new UnauthorizedError();
  return principal;
}
