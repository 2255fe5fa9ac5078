import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { revokeApiKey } from '../../core/identity/api-keys.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('bearer authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['no header', {}],
    ['not a bearer header', { Authorization: 'Basic abc' }],
    ['malformed key', { Authorization: 'Bearer nope' }],
    ['unknown key', { Authorization: `Bearer ocp_AAAAAAAAAA_${'x'.repeat(43)}` }],
  ])('answers 401 with WWW-Authenticate for %s', async (_name, headers) => {
    const response = await t.request('/v1/me', { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer /);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses a revoked key at once', async () => {
    const t2 = await createTestApp();
    try {
      expect((await t2.request('/v1/me', { key: 'rep' })).status).toBe(200);
      await revokeApiKey(t2.db, t2.keys.rep.split('_')[1]!);
      expect((await t2.request('/v1/me', { key: 'rep' })).status).toBe(401);
    } finally {
      await t2.close();
    }
  });
});

async function signIn(t: TestApp, key: string, origin = 'http://localhost') {
  const response = await t.app.request('http://localhost/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: new URLSearchParams({ apiKey: key, next: '/chat' }).toString(),
  });
  const setCookie = response.headers.get('Set-Cookie') ?? '';
  return { response, setCookie, cookie: setCookie.split(';')[0]! };
}

describe('browser sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('signs in with a key into an httpOnly, SameSite=Strict cookie, stores no key, and redirects', async () => {
    const { response, setCookie, cookie } = await signIn(t, t.keys.rep);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/chat');
    expect(setCookie).toMatch(/^copilot_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure');
    const stored = await asOperator(t.db, (tx) => tx.query<Record<string, unknown>>('SELECT * FROM web_sessions'));
    const dump = JSON.stringify(stored.rows);
    expect(dump).not.toContain(t.keys.rep);
    expect(dump).not.toContain(cookie.split('=')[1]);

    const me = await t.app.request('http://localhost/v1/me', { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ userName: 'rita-rep', roles: ['rep'], authMethod: 'session', tenantSlug: 'tenant-a' });
  });

  it('marks the cookie Secure over https', async () => {
    const response = await t.app.request('https://localhost/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://localhost' },
      body: new URLSearchParams({ apiKey: t.keys.rep }).toString(),
    });
    expect(response.headers.get('Set-Cookie')).toContain('Secure');
  });

  it('refuses a bad key (401 page) and a cross-site sign-in (403)', async () => {
    const bad = await signIn(t, 'ocp_nope');
    expect(bad.response.status).toBe(401);
    expect(bad.setCookie).toBe('');
    expect(await bad.response.text()).toContain('not valid');
    const crossSite = await signIn(t, t.keys.rep, 'https://evil.example');
    expect(crossSite.response.status).toBe(403);
    expect(crossSite.setCookie).toBe('');
  });

  it('never redirects off-site after sign-in', async () => {
    const response = await t.app.request('http://localhost/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
      body: new URLSearchParams({ apiKey: t.keys.rep, next: '//evil.example/x' }).toString(),
    });
    expect(response.headers.get('Location')).toBe('/');
  });

  it('refuses cookie-authenticated writes from another site', async () => {
    const { cookie } = await signIn(t, t.keys.admin);
    const crossSite = await t.app.request('http://localhost/v1/api-keys', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({ roles: ['rep'] }),
    });
    expect(crossSite.status).toBe(403);
    const sameSite = await t.app.request('http://localhost/v1/api-keys', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json', Origin: 'http://localhost' },
      body: JSON.stringify({ roles: ['rep'] }),
    });
    expect(sameSite.status).toBe(201);
  });

  it('signs out by deleting the session', async () => {
    const { cookie } = await signIn(t, t.keys.approver);
    const out = await t.app.request('http://localhost/sign-out', {
      method: 'POST',
      headers: { Cookie: cookie, Origin: 'http://localhost' },
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('Location')).toBe('/sign-in?signed-out');
    expect(out.headers.get('Set-Cookie')).toMatch(/copilot_session=;.*Max-Age=0/);
    expect((await t.app.request('http://localhost/v1/me', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('ends sessions when their key is revoked', async () => {
    const { cookie } = await signIn(t, t.keys.evaluator);
    expect((await t.app.request('http://localhost/v1/me', { headers: { Cookie: cookie } })).status).toBe(200);
    await revokeApiKey(t.db, t.keys.evaluator.split('_')[1]!);
    expect((await t.app.request('http://localhost/v1/me', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('sends signed-out visitors of a page to sign in, keeping where they were going', async () => {
    const response = await t.request('/');
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/sign-in?next=%2F');
  });
});
