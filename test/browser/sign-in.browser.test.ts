import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../core/identity/api-keys.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { signIn, startBrowserHarness, type BrowserHarness } from './browser-harness.ts';

describe('sign in and out (browser)', () => {
  let harness: BrowserHarness;
  const keys = { rep: '', admin: '' };

  beforeAll(async () => {
    harness = await startBrowserHarness(async (db) => {
      const tenant = await createTenant(db, { slug: 'acme', name: 'Acme Retail' });
      keys.rep = (await createApiKey(db, { tenantId: tenant.id, roles: ['rep'], userName: 'rita' })).key;
      keys.admin = (await createApiKey(db, { tenantId: tenant.id, roles: ['admin'], userName: 'ada' })).key;
    });
  });
  afterAll(() => harness?.close());

  it('refuses a bad key, then signs in, shows who is signed in, and signs out', async () => {
    const page = await harness.newPage();
    await page.goto(`${harness.server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await harness.screenshot(page, 'sign-in');

    await page.getByLabel('API key').fill('ocp_not_a_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');

    await signIn(page, harness.server.url, keys.rep);
    await expect.poll(() => page.locator('.who').textContent()).toContain('rita');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    const cookies = await harness.context.cookies();
    const session = cookies.find((cookie) => cookie.name === 'copilot_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // The session cookie is not readable by page scripts.
    expect(await page.evaluate(() => document.cookie)).not.toContain('copilot_session');
    // A rep's navigation has no admin-only entries.
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('API keys');
    await harness.screenshot(page, 'dashboard');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.goto(`${harness.server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.close();
  });

  it('is usable on a phone-sized screen', async () => {
    const page = await harness.newPage({ width: 390, height: 844 });
    await signIn(page, harness.server.url, keys.admin);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).toContain('API keys');
    await harness.screenshot(page, 'dashboard-phone');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.close();
  });
});
