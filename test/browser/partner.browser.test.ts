import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey, createApiKey } from '../../core/identity/api-keys.ts';
import { createPartner, createPartnerKey, grantTenant } from '../../core/partners/index.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { listAuditEntries } from '../../policies/index.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { seedOperationsScenario } from '../../web/testing/operations-scenario.ts';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.ts';

/** The partner's page in Chromium: sign in with a partner key, read the scorecard, switch window, enter a tenant (audited) and come back. */
describe('the partner page (browser)', () => {
  let harness: BrowserHarness;
  let west: Tenant;
  const keys = { partner: '' };

  beforeAll(async () => {
    harness = await startBrowserHarness(async (db) => {
      west = await createTenant(db, { slug: 'west-shop', name: 'West Shop' });
      const east = await createTenant(db, { slug: 'east-shop', name: 'East Shop' });
      await createTenant(db, { slug: 'hidden-shop', name: 'Hidden Shop' });
      const rep = (await createApiKey(db, { tenantId: west.id, roles: ['rep'], userName: 'rita' })).key;
      await seedOperationsScenario(db, buildDefaultRegistry(), await authenticateApiKey(db, rep), 10481);
      await createPartner(db, { slug: 'north-msp', name: 'North MSP' });
      await grantTenant(db, { partner: 'north-msp', tenant: west.slug, grantedBy: 'test' });
      await grantTenant(db, { partner: 'north-msp', tenant: east.slug, grantedBy: 'test' });
      keys.partner = (await createPartnerKey(db, { partner: 'north-msp', roles: ['partner_operator'], userName: 'olga' })).key;
    });
  });
  afterAll(() => harness?.close());

  it('signs a partner person in to the scorecard of exactly the granted tenants, enters one (audited) and comes back', async () => {
    const page = await harness.newPage();
    const base = harness.server.url;
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('API key').fill(keys.partner);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/partner');

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('north-msp: all tenants');
    await expect.poll(() => page.locator('.who').textContent()).toContain('olga · partner north-msp · partner_operator');
    const rows = page.locator('#partner-scorecard tbody tr');
    expect(await rows.evaluateAll((elements) => elements.map((row) => row.getAttribute('data-tenant')))).toEqual([
      'east-shop',
      'west-shop',
    ]);
    expect(await page.locator('#partner-scorecard').textContent()).not.toContain('hidden-shop');
    // West Shop has open exceptions from the scenario, and the chart across tenants shows them.
    const westOpen = Number(await page.locator('tr[data-tenant="west-shop"] td').nth(1).textContent());
    expect(westOpen).toBeGreaterThan(0);
    expect(await page.locator('#partner-scorecard tfoot td').nth(1).textContent()).toBe(String(westOpen));
    expect(await page.locator('#partner-open-exceptions-caption').textContent()).toContain('Open exceptions by type and age');
    await harness.screenshot(page, 'partner-scorecard');

    await page.getByRole('link', { name: '30 d' }).click();
    await page.waitForURL((url) => url.searchParams.get('days') === '30');
    expect(await page.locator('main').textContent()).toContain('Last 30 days');

    await page.locator('tr[data-tenant="west-shop"]').getByRole('button', { name: 'Work in this tenant' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    await expect.poll(() => page.locator('.who').textContent()).toContain('olga');
    const entered = await listAuditEntries(harness.db, west.id, { limit: 20 });
    expect(entered.find((entry) => entry.action === 'partner.tenant_entered')).toMatchObject({
      actor: { kind: 'user', ref: 'partner north-msp' },
      after: { partner: 'north-msp', roles: ['partner_operator'] },
    });
    await harness.screenshot(page, 'partner-in-tenant');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'All tenants' }).click();
    await page.waitForURL((url) => url.pathname === '/partner');
    expect(await page.locator('main').textContent()).toContain('working in west-shop');
    expect(await page.locator('tr[data-tenant="west-shop"]').getByRole('button').textContent()).toBe('Continue');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.goto(`${base}/partner`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.close();
  });

  it('keeps the page usable on a phone-sized screen (the scorecard scrolls inside its frame)', async () => {
    const page = await harness.newPage({ width: 390, height: 844 });
    await page.context().clearCookies();
    await page.goto(`${harness.server.url}/sign-in`);
    await page.getByLabel('API key').fill(keys.partner);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/partner');
    await harness.screenshot(page, 'partner-scorecard-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });
});
