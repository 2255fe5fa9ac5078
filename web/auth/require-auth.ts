/** Route guards: an authenticated caller (401 otherwise) holding one of the given roles (403 otherwise). */
import type { Context, MiddlewareHandler } from 'hono';
import { ForbiddenError, UnauthorizedError } from '../../core/errors.ts';
import type { PartnerPrincipal } from '../../core/partners/index.ts';
import { hasAnyRole, PARTNER_ROLES, type PartnerRole, type Principal, type Role } from '../../core/identity/roles.ts';
import { getPrincipal, type AppEnv } from '../context.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated writes must come from our own pages. SameSite=Strict already keeps the cookie
 * off cross-site requests; checking Origin as well covers older browsers and same-site subdomains.
 */
function isSameOriginRequest(c: Context): boolean {
  const origin = c.req.header('Origin');
  if (!origin) return c.req.header('Sec-Fetch-Site') === 'same-origin';
  try {
    // Hosts, not origins: behind a TLS-terminating proxy the server sees http for an https page.
    return new URL(origin).host === new URL(c.req.url).host;
  } catch {
    return false;
  }
}

export function assertCrossSiteSafe(c: Context<AppEnv>): void {
  if (c.get('authMethod') === 'session' && !SAFE_METHODS.has(c.req.method) && !isSameOriginRequest(c)) {
    throw new ForbiddenError('cross-site request refused: session-authenticated writes must come from this site');
  }
}

export const requireAuth: MiddlewareHandler<AppEnv> = async function requireAuth(c, next) {
  getPrincipal(c);
  assertCrossSiteSafe(c);
  await next();
};

export function assertRoles(principal: Principal, roles: readonly Role[]): void {
  if (!hasAnyRole(principal, roles)) {
    throw new ForbiddenError(`requires one of the roles: ${roles.join(', ')}`, {
      requiredRoles: roles,
      roles: principal.roles,
    });
  }
}

/** Authenticated and holding at least one of `roles`. */
export function requireRoles(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async function requireRolesMiddleware(c, next) {
    const principal = getPrincipal(c);
    assertCrossSiteSafe(c);
    assertRoles(principal, roles);
    await next();
  };
}

/** A partner organisation's person, by partner key or partner session (whether or not a tenant is entered). */
export function getPartnerPrincipal(c: Context<AppEnv>): PartnerPrincipal {
  const partner = c.get('partnerPrincipal');
  if (partner) return partner;
  const tenantPrincipal = c.get('principal');
  if (tenantPrincipal) {
    throw new ForbiddenError('requires a partner organisation’s key or session', {
      requiredRoles: PARTNER_ROLES,
      roles: tenantPrincipal.roles,
    });
  }
  const refused = c.get('authError');
  // "Name a tenant in X-Copilot-Tenant" is about tenant routes; partner routes need none.
  throw refused instanceof UnauthorizedError ? refused : new UnauthorizedError('requires a partner key or a partner session');
}

export const requirePartner: MiddlewareHandler<AppEnv> = async function requirePartner(c, next) {
  getPartnerPrincipal(c);
  assertCrossSiteSafe(c);
  await next();
};

/**
 * A partner organisation's person holding one of `roles` (a partner admin, say). A tenant key or session
 * is refused like a partner person without the role: 403 naming the roles the route needs.
 */
export function requirePartnerRoles(...roles: PartnerRole[]): MiddlewareHandler<AppEnv> {
  return async function requirePartnerRolesMiddleware(c, next) {
    const partner = c.get('partnerPrincipal');
    const tenantPrincipal = c.get('principal');
    if (!partner && !tenantPrincipal) getPartnerPrincipal(c); // 401 with the reason
    const held: readonly string[] = partner?.roles ?? tenantPrincipal?.roles ?? [];
    if (!partner || !roles.some((role) => held.includes(role)))
      throw new ForbiddenError(`requires a partner organisation’s person with one of the roles: ${roles.join(', ')}`, {
        requiredRoles: roles,
        roles: held,
      });
    assertCrossSiteSafe(c);
    await next();
  };
}
