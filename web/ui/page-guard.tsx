/** Guards for pages: signed-out visitors go to the sign-in page; a missing role gets a 403 page. */
import type { MiddlewareHandler } from 'hono';
import { hasAnyRole, type Role } from '../../core/identity/roles.ts';
import type { AppEnv } from '../context.ts';
import { Layout } from './layout.tsx';
import { renderPage } from './render.ts';

/** Only same-site relative paths may be a post-sign-in destination (no open redirects). */
export function safeNextPath(candidate: string | undefined): string {
  return candidate && /^\/(?![/\\])[^\s]*$/.test(candidate) ? candidate : '/';
}

export function requirePage(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async function requirePageMiddleware(c, next) {
    const principal = c.get('principal');
    if (!principal) {
      // A partner's person between tenants: their own pages list the tenants they may enter.
      if (c.get('partnerPrincipal')) return c.redirect('/partner', 303);
      const url = new URL(c.req.url);
      return c.redirect(`/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    if (roles.length && !hasAnyRole(principal, roles)) {
      return renderPage(
        c,
        <Layout title="Not allowed" path={c.req.path} principal={principal}>
          <h1>Not allowed</h1>
          <p class="notice error">
            This page needs one of the roles: {roles.join(', ')}. Your key has: {principal.roles.join(', ')}.
          </p>
        </Layout>,
        403,
      );
    }
    await next();
  };
}
