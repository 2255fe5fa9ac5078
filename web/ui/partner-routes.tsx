/**
 * The partner's pages in the UI: GET /partner (the scorecard across granted tenants), POST
 * /partner/tenant (enter one granted tenant: the grant is checked, the switch recorded on the session
 * and in the tenant's audit log; the tenant's normal pages then serve the person) and POST
 * /partner/leave (back to the partner's pages).
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { ForbiddenError } from '../../core/errors.ts';
import { enterTenant } from '../../core/partners/index.ts';
import { auditPartnerEnteredTenant } from '../../policies/index.ts';
import { SCORECARD_WINDOWS } from '../api/partner-routes.ts';
import { setPartnerSessionTenant } from '../auth/partner-session-store.ts';
import { assertCrossSiteSafe } from '../auth/require-auth.ts';
import type { AppEnv } from '../context.ts';
import { loadPartnerScorecard } from '../partner/partner-scorecard.ts';
import { PartnerPage } from './pages/partner-page.tsx';
import { renderPage } from './render.ts';

const enterForm = z.object({ tenant: z.string().regex(/^[A-Za-z0-9-]{2,63}$/, 'must be a tenant slug') });

export function registerPartnerUi(app: Hono<AppEnv>, db: Database): void {
  const show = async (c: Context<AppEnv>, notice?: string, status: 200 | 400 | 403 = 200) => {
    const partner = c.get('partnerPrincipal')!;
    const requested = Number(c.req.query('days'));
    const days = (SCORECARD_WINDOWS as readonly number[]).includes(requested) ? requested : 7;
    const to = new Date();
    const scorecard = await loadPartnerScorecard(db, partner, { from: new Date(to.getTime() - days * 86_400_000), to });
    const current = c.get('principal')?.partner ? c.get('principal')!.tenantSlug : undefined;
    return renderPage(
      c,
      <PartnerPage partner={partner} scorecard={scorecard} days={days} currentTenantSlug={current} notice={notice} />,
      status,
    );
  };

  app.get('/partner', async (c) => {
    if (!c.get('partnerPrincipal')) return c.redirect('/sign-in?next=%2Fpartner', 303);
    return show(c);
  });

  app.post('/partner/tenant', async (c) => {
    const partner = c.get('partnerPrincipal');
    const sessionHash = c.get('partnerSessionHash');
    if (!partner || !sessionHash) return c.redirect('/sign-in?next=%2Fpartner', 303);
    assertCrossSiteSafe(c);
    const form = enterForm.safeParse(await c.req.parseBody());
    if (!form.success) return show(c, 'Choose a tenant from the list.', 400);
    let entered: Awaited<ReturnType<typeof enterTenant>>;
    try {
      entered = await enterTenant(db, partner, form.data.tenant);
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      c.get('logger').warn('partner tenant switch refused', { partner: partner.partnerSlug, tenant: form.data.tenant });
      return show(c, `${partner.partnerSlug} holds no grant to ${form.data.tenant}.`, 403);
    }
    await setPartnerSessionTenant(db, sessionHash, entered.principal.tenantId);
    await asOperator(db, (tx) =>
      auditPartnerEnteredTenant(tx, {
        tenantId: entered.principal.tenantId,
        userId: entered.principal.userId,
        userName: entered.principal.userName,
        partner: { id: partner.partnerId, slug: partner.partnerSlug },
        partnerUserId: partner.userId,
        roles: partner.roles,
      }),
    );
    c.get('logger').info('partner entered tenant', {
      partner: partner.partnerSlug,
      tenantId: entered.principal.tenantId,
      userId: partner.userId,
    });
    return c.redirect('/', 303);
  });

  app.post('/partner/leave', async (c) => {
    const sessionHash = c.get('partnerSessionHash');
    if (!c.get('partnerPrincipal') || !sessionHash) return c.redirect('/sign-in', 303);
    assertCrossSiteSafe(c);
    await setPartnerSessionTenant(db, sessionHash, undefined);
    return c.redirect('/partner', 303);
  });
}
