/**
 * POST /sign-in (API key → server-side session + cookie), POST /sign-out, GET /sign-in. A session
 * opened through single sign-on also ends at the identity provider (RP-initiated logout) when it
 * publishes an end-session endpoint.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { UnauthorizedError } from '../../core/errors.ts';
import { authenticateApiKey } from '../../core/identity/api-keys.ts';
import { authenticatePartnerKey, PARTNER_KEY_PATTERN } from '../../core/partners/index.ts';
import { closePartnerSession, openPartnerSession, purgeExpiredPartnerSessions } from '../auth/partner-session-store.ts';
import { assertCrossSiteSafe } from '../auth/require-auth.ts';
import { clearSessionCookie, PARTNER_SESSION_COOKIE, readSessionCookie, writeSessionCookie } from '../auth/session-cookie.ts';
import { closeSession, openSession, purgeExpiredSessions } from '../auth/session-store.ts';
import type { OidcClient } from '../auth/oidc/oidc-client.ts';
import { OIDC_LOGIN_PATH } from '../auth/oidc/oidc-settings.ts';
import type { AppEnv } from '../context.ts';
import { safeNextPath } from './page-guard.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { renderPage } from './render.ts';

const signInFormSchema = z.object({
  apiKey: z.string().trim().min(1, 'enter an API key').max(200),
  next: z.string().max(2000).optional(),
});

function isSameOrigin(origin: string | undefined, requestUrl: string): boolean {
  if (!origin) return false;
  try {
    return new URL(origin).host === new URL(requestUrl).host;
  } catch {
    return false;
  }
}

export function registerSessionRoutes(app: Hono<AppEnv>, db: Database, oidc?: OidcClient): void {
  const sso = oidc ? { label: oidc.settings.label, href: OIDC_LOGIN_PATH } : undefined;
  const SignIn = (props: { next: string; error?: string; notice?: string }) => <SignInPage {...props} sso={sso} />;

  app.get('/sign-in', (c) => {
    if (c.get('principal') && c.get('authMethod') === 'session') return c.redirect(safeNextPath(c.req.query('next')), 303);
    const notice = c.req.query('signed-out') !== undefined ? 'You are signed out.' : undefined;
    return renderPage(c, <SignIn next={safeNextPath(c.req.query('next'))} {...(notice ? { notice } : {})} />);
  });

  app.post('/sign-in', async (c) => {
    // Login CSRF: only our own sign-in form may open a session in this browser.
    if (!isSameOrigin(c.req.header('Origin'), c.req.url) && c.req.header('Sec-Fetch-Site') !== 'same-origin') {
      return renderPage(c, <SignIn next="/" error="Sign-in must be submitted from this site." />, 403);
    }
    const form = signInFormSchema.safeParse(await c.req.parseBody());
    const next = safeNextPath(form.success ? form.data.next : undefined);
    if (!form.success) return renderPage(c, <SignIn next={next} error="Enter an API key." />, 400);
    try {
      if (PARTNER_KEY_PATTERN.test(form.data.apiKey)) {
        // A partner's person: their own pages first, then an explicit switch into a granted tenant.
        const partner = await authenticatePartnerKey(db, form.data.apiKey);
        await purgeExpiredPartnerSessions(db);
        const session = await openPartnerSession(db, partner);
        writeSessionCookie(c, session.token, session.expiresAt, PARTNER_SESSION_COOKIE);
        if (readSessionCookie(c)) clearSessionCookie(c);
        c.get('logger').info('partner session opened', { partner: partner.partnerSlug, userId: partner.userId, keyId: partner.keyId });
        return c.redirect('/partner', 303);
      }
      const principal = await authenticateApiKey(db, form.data.apiKey);
      await purgeExpiredSessions(db);
      const session = await openSession(db, principal);
      writeSessionCookie(c, session.token, session.expiresAt);
      if (readSessionCookie(c, PARTNER_SESSION_COOKIE)) clearSessionCookie(c, PARTNER_SESSION_COOKIE);
      c.get('logger').info('session opened', { tenantId: principal.tenantId, userId: principal.userId, keyId: principal.keyId });
      return c.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      return renderPage(c, <SignIn next={next} error="That API key is not valid (unknown, malformed or revoked)." />, 401);
    }
  });

  app.post('/sign-out', async (c) => {
    const principal = c.get('principal');
    const sessionHash = c.get('sessionHash');
    const identity = c.get('sessionIdentity');
    const partnerSessionHash = c.get('partnerSessionHash');
    if (partnerSessionHash) {
      assertCrossSiteSafe(c);
      await closePartnerSession(db, partnerSessionHash);
      c.get('logger').info('partner session closed', { partner: c.get('partnerPrincipal')?.partnerSlug });
    } else if (principal && sessionHash) {
      assertCrossSiteSafe(c);
      await closeSession(db, principal.tenantId, sessionHash);
      c.get('logger').info('session closed', { tenantId: principal.tenantId, userId: principal.userId });
    }
    clearSessionCookie(c);
    clearSessionCookie(c, PARTNER_SESSION_COOKIE);
    // Our session is gone either way; the provider's own session ends only if it offers RP-initiated logout.
    const providerSignOut = identity && oidc ? await oidc.signOutUrl() : undefined;
    return c.redirect(providerSignOut?.href ?? '/sign-in?signed-out', 303);
  });
}
