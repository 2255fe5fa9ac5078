/**
 * Single sign-on for the UI (OpenID Connect, authorization code + PKCE): GET /auth/oidc/login sends
 * the browser to the identity provider, GET /auth/oidc/callback proves who came back, maps their
 * claims to a tenant and roles (COPILOT_OIDC_ROLE_RULES), links them to a tenant user by the
 * provider's (issuer, subject) and opens the same server-side session an API-key sign-in opens.
 * Nothing acts on these GETs but the sign-in itself, and only with this browser's pending state.
 */
import type { Context, Hono } from 'hono';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { userForExternalIdentity } from '../../core/identity/external-identities.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { type PartnerPrincipal, partnerPersonForIdentity } from '../../core/partners/index.ts';
import { findTenant } from '../../core/tenants/tenants.ts';
import { auditExternalIdentityLinked, auditSingleSignOn } from '../../policies/index.ts';
import { accessFromClaims } from '../auth/oidc/claims-to-access.ts';
import { type OidcClient, type ProvenIdentity, SignInRefusedError } from '../auth/oidc/oidc-client.ts';
import { OIDC_CALLBACK_PATH, OIDC_LOGIN_PATH } from '../auth/oidc/oidc-settings.ts';
import { takePendingSignIn, writePendingSignIn } from '../auth/oidc/pending-sign-in-cookie.ts';
import { openPartnerSession, purgeExpiredPartnerSessions } from '../auth/partner-session-store.ts';
import { clearSessionCookie, PARTNER_SESSION_COOKIE, readSessionCookie, writeSessionCookie } from '../auth/session-cookie.ts';
import { openSession, purgeExpiredSessions } from '../auth/session-store.ts';
import type { AppEnv } from '../context.ts';
import { statusForError } from '../errors.ts';
import { safeNextPath } from './page-guard.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { renderPage } from './render.ts';

export function registerSingleSignOnRoutes(app: Hono<AppEnv>, db: Database, oidc: OidcClient): void {
  const sso = { label: oidc.settings.label, href: OIDC_LOGIN_PATH };

  const refuse = (c: Context<AppEnv>, error: SignInRefusedError, next = '/') => {
    c.get('logger').warn('single sign-on refused', { reason: error.reason, message: error.message });
    return renderPage(c, <SignInPage next={next} sso={sso} error={`Single sign-on failed: ${error.message}.`} />, statusForError(error));
  };

  app.get(OIDC_LOGIN_PATH, async (c) => {
    const next = safeNextPath(c.req.query('next'));
    try {
      const { url, pending } = await oidc.startSignIn(next);
      writePendingSignIn(c, pending);
      return c.redirect(url.href, 303);
    } catch (error) {
      if (error instanceof SignInRefusedError) return refuse(c, error, next);
      throw error;
    }
  });

  app.get(OIDC_CALLBACK_PATH, async (c) => {
    const pending = takePendingSignIn(c);
    if (!pending) {
      return refuse(
        c,
        new SignInRefusedError(
          'state_mismatch',
          'this sign-in was not started in this browser or took longer than ten minutes; start again',
        ),
      );
    }
    try {
      const identity = await oidc.finishSignIn(new URL(c.req.url).search, pending);
      const proven = { issuer: identity.issuer, subject: identity.subject };
      const signedIn = await signInAs(db, oidc, identity);
      if (signedIn.kind === 'partner') {
        await purgeExpiredPartnerSessions(db);
        const session = await openPartnerSession(db, signedIn.partner, proven);
        writeSessionCookie(c, session.token, session.expiresAt, PARTNER_SESSION_COOKIE);
        if (readSessionCookie(c)) clearSessionCookie(c);
        c.get('logger').info('partner session opened', {
          partner: signedIn.partner.partnerSlug,
          userId: signedIn.partner.userId,
          method: 'oidc',
        });
        return c.redirect('/partner', 303);
      }
      const principal = signedIn.principal;
      await purgeExpiredSessions(db);
      const session = await openSession(db, principal, new Date(), proven);
      writeSessionCookie(c, session.token, session.expiresAt);
      if (readSessionCookie(c, PARTNER_SESSION_COOKIE)) clearSessionCookie(c, PARTNER_SESSION_COOKIE);
      c.get('logger').info('session opened', { tenantId: principal.tenantId, userId: principal.userId, method: 'oidc' });
      return c.redirect(safeNextPath(pending.next), 303);
    } catch (error) {
      if (error instanceof SignInRefusedError) return refuse(c, error, safeNextPath(pending.next));
      throw error;
    }
  });
}

/** Who a proven identity signs in as (a tenant user, or a partner's person); refuses people the rules give no place to. */
async function signInAs(
  db: Database,
  oidc: OidcClient,
  identity: ProvenIdentity,
): Promise<{ kind: 'tenant'; principal: Principal } | { kind: 'partner'; partner: PartnerPrincipal }> {
  const access = accessFromClaims(identity.claims, oidc.settings.rules);
  const who = identity.displayName ?? identity.subject;
  if (!access) {
    throw new SignInRefusedError(
      'no_role',
      `your account (${who}) has no role in Ops Copilot; ask an administrator to map one of your groups`,
    );
  }
  if (access.kind === 'partner') {
    try {
      const partner = await partnerPersonForIdentity(db, {
        partner: access.partner,
        issuer: identity.issuer,
        subject: identity.subject,
        ...(identity.displayName ? { displayName: identity.displayName } : {}),
        roles: access.roles,
      });
      return { kind: 'partner', partner };
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new SignInRefusedError(
          'unknown_place',
          `your account is mapped to a partner organisation (${access.partner}) that does not exist; ask an administrator`,
        );
      }
      if (error instanceof ForbiddenError) throw new SignInRefusedError('unknown_place', error.message);
      throw error;
    }
  }
  const tenant = await findTenant(db, access.tenant);
  if (!tenant) {
    throw new SignInRefusedError(
      'unknown_place',
      `your account is mapped to a workspace (${access.tenant}) that does not exist; ask an administrator`,
    );
  }
  return withTenant(db, tenant.id, async (tx) => {
    const user = await userForExternalIdentity(tx, {
      tenantId: tenant.id,
      issuer: identity.issuer,
      subject: identity.subject,
      ...(identity.displayName ? { displayName: identity.displayName } : {}),
      roles: access.roles,
    });
    const audited = { tenantId: tenant.id, issuer: identity.issuer, subject: identity.subject, ...user };
    if (user.created) await auditExternalIdentityLinked(tx, { ...audited, surface: 'ui sso' });
    await auditSingleSignOn(tx, audited);
    return {
      kind: 'tenant' as const,
      principal: { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.userId, userName: user.userName, roles: user.roles },
    };
  });
}
