/**
 * Partner people in the UI and the partner scorecard: partner-key sign-in lands on the partner's
 * pages, the scorecard covers exactly the granted tenants (numbers equal each tenant's own KPIs),
 * entering a tenant is explicit and audited, a revoked grant or key takes effect at once, and a
 * read-only analyst can read everything (the scorecard and the tenant's dashboard) and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { authenticateApiKey } from '../../core/identity/api-keys.ts';
import { createPartner, createPartnerKey, grantTenant, revokeGrant, revokePartnerKey } from '../../core/partners/index.ts';
import { listAuditEntries } from '../../policies/index.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { seedOperationsScenario } from '../../web/testing/operations-scenario.ts';
import { createTestApp, type TestApp } from '../../web/testing/test-app.ts';

const APP = 'http://localhost';
let t: TestApp;
let hidden: Tenant;
const keys: Record<'operator' | 'analyst' | 'stranger', string> = { operator: '', analyst: '', stranger: '' };

async function partnerSignIn(key: string): Promise<string> {
  const response = await t.app.request(`${APP}/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: APP },
    body: new URLSearchParams({ apiKey: key }).toString(),
  });
  expect(response.status).toBe(303);
  expect(response.headers.get('Location')).toBe('/partner');
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('copilot_partner_session='));
  return cookie!.split(';')[0]!;
}

const enter = (cookie: string, tenant: string, origin: string | undefined = APP) =>
  t.app.request(`${APP}/partner/tenant`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, ...(origin ? { Origin: origin } : {}) },
    body: new URLSearchParams({ tenant }).toString(),
  });

beforeAll(async () => {
  t = await createTestApp();
  const registry = buildDefaultRegistry();
  await seedOperationsScenario(t.db, registry, await authenticateApiKey(t.db, t.keys.rep), 10481);
  await seedOperationsScenario(t.db, registry, await authenticateApiKey(t.db, t.keys.otherRep), 20481);
  hidden = await createTenant(t.db, { slug: 'hidden-merchant', name: 'Hidden Merchant' });
  await createPartner(t.db, { slug: 'north-msp', name: 'North MSP' });
  await createPartner(t.db, { slug: 'south-msp', name: 'South MSP' });
  await grantTenant(t.db, { partner: 'north-msp', tenant: t.tenantA.slug, grantedBy: 'test' });
  await grantTenant(t.db, { partner: 'north-msp', tenant: t.tenantB.slug, grantedBy: 'test' });
  await grantTenant(t.db, { partner: 'south-msp', tenant: hidden.slug, grantedBy: 'test' });
  keys.operator = (await createPartnerKey(t.db, { partner: 'north-msp', roles: ['partner_operator'], userName: 'olga' })).key;
  keys.analyst = (await createPartnerKey(t.db, { partner: 'north-msp', roles: ['partner_analyst'], userName: 'andy' })).key;
  keys.stranger = (await createPartnerKey(t.db, { partner: 'south-msp', roles: ['partner_admin'], userName: 'sam' })).key;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('GET /v1/partner/scorecard', () => {
  it('covers exactly the granted tenants, with the numbers each tenant’s own KPIs give', async () => {
    const response = await t.request('/v1/partner/scorecard?days=30', { key: keys.operator });
    expect(response.status).toBe(200);
    const scorecard = await response.json();
    expect(scorecard.partner).toBe('north-msp');
    expect(scorecard.tenants.map((tenant: { slug: string }) => tenant.slug).sort()).toEqual(['tenant-a', 'tenant-b']);
    for (const [slug, key] of [
      ['tenant-a', 'admin'],
      ['tenant-b', 'otherAdmin'],
    ] as const) {
      const row = scorecard.tenants.find((tenant: { slug: string }) => tenant.slug === slug);
      const kpis = await (await t.request('/v1/kpis?days=30', { key })).json();
      expect(row.openExceptions.total).toBe(kpis.openExceptions.total);
      expect(row.openExceptions.total).toBeGreaterThan(0);
      expect(row.automation.resolved).toBe(kpis.automationCoverage.resolved);
      expect(row.approvals.pending).toBe(kpis.approvalTurnaround.pending);
      expect(row.approvals.pending).toBe(2);
      expect(row.sla.due).toBe(kpis.exceptionSlaBreachRate.total);
      const revenue = kpis.channelMargin.byChannel.reduce((total: number, channel: { revenue: number }) => total + channel.revenue, 0);
      const margin = kpis.channelMargin.byChannel.reduce(
        (total: number, channel: { grossMargin: number }) => total + channel.grossMargin,
        0,
      );
      expect(row.margin).toHaveLength(1);
      expect(row.margin[0].revenue).toBeCloseTo(revenue, 2);
      expect(row.margin[0].grossMargin).toBeCloseTo(margin, 2);
    }
    expect(scorecard.total.openExceptions.total).toBe(
      scorecard.tenants.reduce((sum: number, tenant: { openExceptions: { total: number } }) => sum + tenant.openExceptions.total, 0),
    );
    expect(scorecard.total.approvals.pending).toBe(4);
  });

  it('is for partner credentials only, and checks its window', async () => {
    expect((await t.request('/v1/partner/scorecard', { key: 'admin' })).status).toBe(403);
    expect((await t.request('/v1/partner/scorecard')).status).toBe(401);
    const bad = await t.request('/v1/partner/scorecard?days=12', { key: keys.operator });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('days');
    // Another partner sees only its own grant.
    const theirs = await (await t.request('/v1/partner/scorecard', { key: keys.stranger })).json();
    expect(theirs.tenants.map((tenant: { slug: string }) => tenant.slug)).toEqual(['hidden-merchant']);
  });
});

describe('partner people in the UI', () => {
  it('lands on the partner page, enters a granted tenant explicitly (audited) and works there', async () => {
    const cookie = await partnerSignIn(keys.operator);
    const home = await t.app.request(`${APP}/`, { headers: { Cookie: cookie } });
    expect(home.status).toBe(303);
    expect(home.headers.get('Location')).toBe('/partner');

    const page = await (await t.app.request(`${APP}/partner`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('id="partner-scorecard"');
    expect(page).toContain('data-tenant="tenant-a"');
    expect(page).toContain('data-tenant="tenant-b"');
    expect(page).not.toContain('hidden-merchant');

    const entered = await enter(cookie, 'tenant-b');
    expect(entered.status).toBe(303);
    const exceptions = await t.app.request(`${APP}/exceptions`, { headers: { Cookie: cookie } });
    expect(exceptions.status).toBe(200);
    const text = await exceptions.text();
    expect(text).toContain('olga (north-msp) · tenant-b');
    expect(text).toContain('href="/partner"');
    const audit = await listAuditEntries(t.db, t.tenantB.id, { action: 'partner.tenant_entered' });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toMatchObject({ name: 'olga (north-msp)', ref: 'partner north-msp' });
  });

  it('refuses a tenant without a grant (the same as one that does not exist) and a cross-site switch', async () => {
    const cookie = await partnerSignIn(keys.operator);
    const refused = await enter(cookie, hidden.slug);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('holds no grant to hidden-merchant');
    expect((await enter(cookie, 'no-such-tenant')).status).toBe(403);
    expect((await enter(cookie, 'tenant-a', 'https://evil.example')).status).toBe(403);
    expect(await listAuditEntries(t.db, hidden.id, { action: 'partner.tenant_entered' })).toHaveLength(0);
  });

  it('lets a read-only analyst read the dashboard of an entered tenant and nothing else', async () => {
    const cookie = await partnerSignIn(keys.analyst);
    expect((await enter(cookie, 'tenant-a')).status).toBe(303);
    const dashboard = await t.app.request(`${APP}/`, { headers: { Cookie: cookie } });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('andy (north-msp) · tenant-a · evaluator');
    const write = await t.app.request(`${APP}/v1/api-keys`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: APP, 'Content-Type': 'application/json' },
      body: JSON.stringify({ userName: 'mallory', roles: ['admin'] }),
    });
    expect(write.status).toBe(403);
  });

  it('takes a revoked grant out of the session at once, and a revoked key ends it', async () => {
    const created = await createPartnerKey(t.db, { partner: 'north-msp', roles: ['partner_operator'], userName: 'otto' });
    const cookie = await partnerSignIn(created.key);
    expect((await enter(cookie, 'tenant-a')).status).toBe(303);
    expect((await t.app.request(`${APP}/exceptions`, { headers: { Cookie: cookie } })).status).toBe(200);
    await revokeGrant(t.db, { partner: 'north-msp', tenant: 'tenant-a' });
    try {
      const after = await t.app.request(`${APP}/exceptions`, { headers: { Cookie: cookie } });
      expect(after.status).toBe(303);
      expect(after.headers.get('Location')).toBe('/partner');
      const page = await (await t.app.request(`${APP}/partner`, { headers: { Cookie: cookie } })).text();
      expect(page).not.toContain('data-tenant="tenant-a"');
    } finally {
      await grantTenant(t.db, { partner: 'north-msp', tenant: 'tenant-a', grantedBy: 'test' });
    }
    await revokePartnerKey(t.db, 'north-msp', created.keyId!);
    const gone = await t.app.request(`${APP}/partner`, { headers: { Cookie: cookie } });
    expect(gone.status).toBe(303);
    expect(gone.headers.get('Location')).toMatch(/^\/sign-in/);
  });

  it('signs a partner person out of the partner session', async () => {
    const cookie = await partnerSignIn(keys.operator);
    const out = await t.app.request(`${APP}/sign-out`, { method: 'POST', headers: { Cookie: cookie, Origin: APP } });
    expect(out.status).toBe(303);
    expect((await t.app.request(`${APP}/partner`, { headers: { Cookie: cookie } })).status).toBe(303);
  });
});
