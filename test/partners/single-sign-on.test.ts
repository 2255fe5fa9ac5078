/**
 * Single sign-on for the UI against a real OpenID Connect provider on loopback (oidc-provider):
 * authorization code + PKCE, claims → tenant roles, and the refusals the issue names (a code for
 * another client, an expired ID token, a person with no mapped role) plus sign-out and provider outages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { createPartner, grantTenant } from '../../core/partners/index.ts';
import { listAuditEntries } from '../../policies/index.ts';
import { createApp } from '../../web/app.ts';
import { createLogger } from '../../web/logging/logger.ts';
import { createTestApp, type TestApp } from '../../web/testing/test-app.ts';
import { type OidcTestProvider, signInAtProvider, startOidcTestProvider } from '../support/oidc-test-provider.ts';

const APP = 'http://localhost';
const CALLBACK = `${APP}/auth/oidc/callback`;

let idp: OidcTestProvider;
let harness: TestApp;
let env: Record<string, string>;

/** Starts sign-in at the product, walks the provider as `login`, and hands the callback back to the product. */
async function signIn(app: TestApp['app'], login: string, options: { next?: string; tamper?: (callback: URL) => URL } = {}) {
  const start = await app.request(`${APP}/auth/oidc/login${options.next ? `?next=${encodeURIComponent(options.next)}` : ''}`);
  expect(start.status).toBe(303);
  const pendingCookie = (start.headers.get('Set-Cookie') ?? '').split(';')[0]!;
  expect(pendingCookie).toMatch(/^copilot_oidc=/);
  const authorize = new URL(start.headers.get('Location')!);
  expect(authorize.origin).toBe(idp.issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('client_id')).toBe(idp.client.id);
  let callback = await signInAtProvider(authorize.href, login, CALLBACK);
  if (options.tamper) callback = options.tamper(callback);
  const done = await app.request(callback.href, { headers: { Cookie: pendingCookie } });
  const session = (done.headers.getSetCookie().find((line) => line.startsWith('copilot_session=')) ?? '').split(';')[0];
  return { response: done, sessionCookie: session && !session.endsWith('=') ? session : undefined, authorize };
}

async function userCount(tenantId: string): Promise<number> {
  return asOperator(harness.db, async (tx) => {
    const result = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE tenant_id = $1', [tenantId]);
    return result.rows[0]!.n;
  });
}

beforeAll(async () => {
  idp = await startOidcTestProvider({
    appUrl: APP,
    accounts: {
      alice: { name: 'Alice Rep', email: 'alice@acme.example', groups: ['acme-reps'] },
      anton: { name: 'Anton Approver', groups: ['acme-reps', 'acme-approvers', 'b-reps'] },
      mallory: { name: 'Mallory', groups: ['everyone'] },
      ghost: { name: 'Ghost', groups: ['ghost-tenant'] },
      petra: { name: 'Petra Partner', groups: ['north-operators'] },
      nora: { name: 'Nora Nowhere', groups: ['no-such-partner'] },
    },
  });
  env = {
    COPILOT_PUBLIC_URL: APP,
    COPILOT_OIDC_ISSUER: idp.issuer,
    COPILOT_OIDC_CLIENT_ID: idp.client.id,
    COPILOT_OIDC_CLIENT_SECRET: idp.client.secret,
    COPILOT_OIDC_SCOPES: 'openid profile email groups',
    COPILOT_OIDC_ROLE_RULES: JSON.stringify([
      { claim: 'groups', value: 'acme-reps', tenant: 'tenant-a', roles: ['rep'] },
      { claim: 'groups', value: 'acme-approvers', tenant: 'tenant-a', roles: ['approver'] },
      { claim: 'groups', value: 'b-reps', tenant: 'tenant-b', roles: ['rep'] },
      { claim: 'groups', value: 'ghost-tenant', tenant: 'no-such-tenant', roles: ['rep'] },
      { claim: 'groups', value: 'north-operators', partner: 'north-msp', roles: ['partner_operator'] },
      { claim: 'groups', value: 'no-such-partner', partner: 'nobody-msp', roles: ['partner_analyst'] },
    ]),
  };
  harness = await createTestApp(env);
  await createPartner(harness.db, { slug: 'north-msp', name: 'North MSP' });
  await grantTenant(harness.db, { partner: 'north-msp', tenant: 'tenant-a', grantedBy: 'test' });
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await idp?.close();
});

describe('single sign-on through OpenID Connect', () => {
  it('offers the provider on the sign-in page beside the API-key form', async () => {
    const page = await (await harness.app.request(`${APP}/sign-in?next=/exceptions`)).text();
    expect(page).toContain('Sign in with single sign-on');
    expect(page).toContain('href="/auth/oidc/login?next=%2Fexceptions"');
    expect(page).toContain('name="apiKey"');
  });

  it('signs a mapped person in as a linked tenant user with the mapped roles, once per identity, audited', async () => {
    const before = await userCount(harness.tenantA.id);
    const first = await signIn(harness.app, 'alice', { next: '/exceptions' });
    expect(first.response.status).toBe(303);
    expect(first.response.headers.get('Location')).toBe('/exceptions');
    expect(first.sessionCookie).toBeDefined();
    const me = await (await harness.app.request(`${APP}/v1/me`, { headers: { Cookie: first.sessionCookie! } })).json();
    expect(me).toMatchObject({
      tenantSlug: 'tenant-a',
      userName: `Alice Rep (127.0.0.1:${new URL(idp.issuer).port})`,
      roles: ['rep'],
      authMethod: 'session',
    });
    expect(await userCount(harness.tenantA.id)).toBe(before + 1);

    // The same person again: the same user, no second link.
    const second = await signIn(harness.app, 'alice');
    const meAgain = await (await harness.app.request(`${APP}/v1/me`, { headers: { Cookie: second.sessionCookie! } })).json();
    expect(meAgain.userId).toBe(me.userId);
    expect(await userCount(harness.tenantA.id)).toBe(before + 1);

    const linked = await listAuditEntries(harness.db, harness.tenantA.id, { action: 'external_identity.linked' });
    expect(linked.filter((entry) => entry.entityId === me.userId)).toHaveLength(1);
    const signIns = await listAuditEntries(harness.db, harness.tenantA.id, { action: 'session.signed_in' });
    expect(signIns.filter((entry) => entry.entityId === me.userId)).toHaveLength(2);
    // Nothing secret in the log: no codes, tokens or the client secret.
    expect(harness.logLines.join('\n')).not.toContain(idp.client.secret);
  });

  it('gives the roles of every rule for the first matching tenant, never a second tenant', async () => {
    const { sessionCookie } = await signIn(harness.app, 'anton');
    const me = await (await harness.app.request(`${APP}/v1/me`, { headers: { Cookie: sessionCookie! } })).json();
    expect(me.tenantSlug).toBe('tenant-a');
    expect([...me.roles].sort()).toEqual(['approver', 'rep']);
  });

  it('refuses a person whose claims map to no role: 403, no session, nobody created', async () => {
    const before = await userCount(harness.tenantA.id);
    const { response, sessionCookie } = await signIn(harness.app, 'mallory');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('has no role in Ops Copilot');
    expect(sessionCookie).toBeUndefined();
    expect(await userCount(harness.tenantA.id)).toBe(before);
  });

  it('refuses a mapping to a tenant that does not exist', async () => {
    const { response, sessionCookie } = await signIn(harness.app, 'ghost');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('does not exist');
    expect(sessionCookie).toBeUndefined();
  });

  it('signs a partner rule’s person in to the partner’s pages, linked once by (issuer, subject)', async () => {
    const partnerCookie = async () => {
      const start = await harness.app.request(`${APP}/auth/oidc/login`);
      const pending = (start.headers.get('Set-Cookie') ?? '').split(';')[0]!;
      const callback = await signInAtProvider(start.headers.get('Location')!, 'petra', CALLBACK);
      const done = await harness.app.request(callback.href, { headers: { Cookie: pending } });
      if (done.status !== 303) throw new Error((await done.text()).replace(/.*sign-in-error">/s, '').slice(0, 300));
      expect(done.headers.get('Location')).toBe('/partner');
      return (done.headers.getSetCookie().find((line) => line.startsWith('copilot_partner_session=')) ?? '').split(';')[0]!;
    };
    const cookie = await partnerCookie();
    const page = await (await harness.app.request(`${APP}/partner`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('data-tenant="tenant-a"');
    expect(page).toContain(`Petra Partner (127.0.0.1:${new URL(idp.issuer).port}) · partner north-msp · partner_operator`);
    await partnerCookie();
    const people = await asOperator(harness.db, async (tx) =>
      tx.query<{ n: number }>("SELECT count(*)::int AS n FROM partner_users WHERE identity_subject = 'petra'"),
    );
    expect(people.rows[0]!.n).toBe(1);
  });

  it('refuses a partner rule naming a partner that does not exist', async () => {
    const { response, sessionCookie } = await signIn(harness.app, 'nora');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('partner organisation (nobody-msp) that does not exist');
    expect(sessionCookie).toBeUndefined();
  });

  it('refuses a code issued to another client of the same provider (wrong audience)', async () => {
    const start = await harness.app.request(`${APP}/auth/oidc/login`);
    const pendingCookie = (start.headers.get('Set-Cookie') ?? '').split(';')[0]!;
    const ours = new URL(start.headers.get('Location')!);
    // The same request, as the other client: its code must not open a session here.
    const theirs = new URL(ours);
    theirs.searchParams.set('client_id', idp.otherClient.id);
    const callback = await signInAtProvider(theirs.href, 'alice', CALLBACK);
    const response = await harness.app.request(callback.href, { headers: { Cookie: pendingCookie } });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('Single sign-on failed');
    expect(response.headers.getSetCookie().some((line) => /^copilot_session=[^;]/.test(line))).toBe(false);
  });

  it('refuses an expired ID token (the relying party’s clock two hours ahead)', async () => {
    const late = await createTestApp(env, { oidcClient: { clockSkewSeconds: 2 * 60 * 60 } });
    try {
      const { response, sessionCookie } = await signIn(late.app, 'alice');
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('sign-in has expired');
      expect(sessionCookie).toBeUndefined();
    } finally {
      await late.close();
    }
  });

  it('refuses a callback without this browser’s pending sign-in, or with another state', async () => {
    const noCookie = await harness.app.request(`${CALLBACK}?code=abc&state=def`);
    expect(noCookie.status).toBe(401);
    expect(await noCookie.text()).toContain('not started in this browser');

    const { response, sessionCookie } = await signIn(harness.app, 'alice', {
      tamper: (callback) => {
        const forged = new URL(callback);
        forged.searchParams.set('state', 'x'.repeat(43));
        return forged;
      },
    });
    expect(response.status).toBe(401);
    expect(sessionCookie).toBeUndefined();
  });

  it('signs out: the session ends here at once and the browser goes to the provider’s end-session page', async () => {
    const { sessionCookie } = await signIn(harness.app, 'alice');
    expect((await harness.app.request(`${APP}/`, { headers: { Cookie: sessionCookie! } })).status).toBe(200);
    const out = await harness.app.request(`${APP}/sign-out`, { method: 'POST', headers: { Cookie: sessionCookie!, Origin: APP } });
    expect(out.status).toBe(303);
    const endSession = new URL(out.headers.get('Location')!);
    expect(endSession.origin).toBe(idp.issuer);
    expect(endSession.searchParams.get('client_id')).toBe(idp.client.id);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/sign-in?signed-out`);
    const after = await harness.app.request(`${APP}/`, { headers: { Cookie: sessionCookie! } });
    expect(after.status).toBe(303);
    expect(after.headers.get('Location')).toMatch(/^\/sign-in/);
    // The provider accepts the request (no error page: client and return address are registered) and confirms it.
    const page = await fetch(endSession, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`${idp.issuer}/session/end/confirm`);
  });

  it('ends single sign-on sessions when single sign-on is turned off', async () => {
    const { sessionCookie } = await signIn(harness.app, 'alice');
    const without = createApp({ db: harness.db, config: loadConfig({}), logger: createLogger({ level: 'silent' }) });
    const response = await without.request(`${APP}/`, { headers: { Cookie: sessionCookie! } });
    expect(response.status).toBe(303);
    expect((await without.request(`${APP}/auth/oidc/login`)).status).toBe(404);
  });

  it('says so when the provider is unreachable, and recovers when it is back', async () => {
    const fresh = await createTestApp(env);
    try {
      idp.setDown(true);
      const down = await fresh.app.request(`${APP}/auth/oidc/login`);
      expect(down.status).toBe(502);
      expect(await down.text()).toContain('could not be reached');
      idp.setDown(false);
      const { sessionCookie } = await signIn(fresh.app, 'alice');
      expect(sessionCookie).toBeDefined();
    } finally {
      idp.setDown(false);
      await fresh.close();
    }
  });
});
