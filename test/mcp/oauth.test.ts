/**
 * OAuth 2.1 access tokens at /mcp against a real issuer on loopback (RFC 8414 metadata + JWKS, a key
 * pair the test generates): discovery, RFC 9728 metadata and challenges, and every way a token can be
 * wrong — each a clear 401/403 with an RFC 6750 error, logged, and audited where the tenant is known.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../../policies/index.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../../policies/testing/policy-test-context.ts';
import type { RunningServer } from '../../web/server.ts';
import { startLoopbackIssuer, type LoopbackIssuer } from '../support/loopback-issuer.ts';
import { connectHttp, INITIALIZE, rawRequest, serveTestApp } from './http-server.ts';

const RESOURCE = 'https://copilot.example/mcp';
const METADATA_URL = 'https://copilot.example/.well-known/oauth-protected-resource/mcp';
const SCOPE_ROLES = 'copilot:read=evaluator,copilot:operate=rep,copilot:approve=approver';

let context: PolicyTestContext;
let issuer: LoopbackIssuer;
let server: RunningServer;
const logLines: string[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  context = await createPolicyTestContext();
  issuer = await startLoopbackIssuer();
  server = await serveTestApp(
    context.db,
    context.registry,
    {
      COPILOT_OAUTH_ISSUER: issuer.issuer,
      COPILOT_OAUTH_RESOURCE: RESOURCE,
      COPILOT_OAUTH_SCOPE_ROLES: SCOPE_ROLES,
      COPILOT_LOG_LEVEL: 'warn',
    },
    (line) => logLines.push(line),
  );
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server?.close();
  await issuer?.close();
  await context?.db.close();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A token that passes every check; `overrides` set or (with undefined) remove claims. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    iss: issuer.issuer,
    aud: RESOURCE,
    sub: 'okta|u-1001',
    name: 'Olga Oauth',
    scope: 'openid copilot:operate',
    copilot_tenant: 'acme',
    iat: nowSeconds(),
    exp: nowSeconds() + 300,
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

const post = (token: string | undefined) =>
  rawRequest(server.url, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` }, body: INITIALIZE });

function challengeOf(response: { headers: Record<string, string | string[] | undefined> }): string {
  return String(response.headers['www-authenticate'] ?? '');
}

describe('OAuth protected-resource metadata (RFC 9728)', () => {
  it('is served at the path-suffixed and the root location, naming this resource and the issuer', async () => {
    for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
      const response = await fetch(new URL(path, server.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.json()).toMatchObject({
        resource: RESOURCE,
        authorization_servers: [issuer.issuer],
        scopes_supported: ['copilot:read', 'copilot:operate', 'copilot:approve'],
        bearer_methods_supported: ['header'],
      });
    }
  });

  it('answers a request without credentials with 401 and a challenge pointing at the metadata', async () => {
    const response = await post(undefined);
    expect(response.status).toBe(401);
    expect(challengeOf(response)).toBe(`Bearer resource_metadata="${METADATA_URL}"`);
    expect(JSON.parse(response.body).error.message).toMatch(/API key or OAuth access token/);
  });
});

describe('OAuth access tokens at /mcp', () => {
  it('accepts a valid token: discovers the keys, acts as a linked tenant user with the roles its scopes map to', async () => {
    const token = await issuer.sign(claims());
    const client = await connectHttp(server.url, token, 'oauth-client');
    clients.push(client);
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toContain('test_issue_refund');
    expect(tools).not.toContain('approve_proposal');
    const read = await client.callTool({ name: 'test_get_order', arguments: { orderRef: 'A-1' } });
    expect(read.structuredContent).toMatchObject({ status: 'ok', result: { ref: 'A-1' } });
    // Keys came from the issuer's RFC 8414 metadata.
    expect(issuer.hits.get('/.well-known/oauth-authorization-server')).toBeGreaterThanOrEqual(1);
    expect(issuer.hits.get('/jwks.json')).toBeGreaterThanOrEqual(1);

    const linked = await listAuditEntries(context.db, context.tenant.id, { action: 'external_identity.linked' });
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({
      actor: { kind: 'user', name: `Olga Oauth (127.0.0.1:${new URL(issuer.issuer).port})` },
      after: { issuer: issuer.issuer, subject: 'okta|u-1001', roles: ['rep'] },
    });
    // Every tool call runs as that user; the same subject stays the same user.
    const again = await post(await issuer.sign(claims({ scope: 'copilot:operate copilot:approve' })));
    expect(again.status).toBe(200);
    expect(await listAuditEntries(context.db, context.tenant.id, { action: 'external_identity.linked' })).toHaveLength(1);
  });

  it('takes roles from the scopes of each token: an approver scope adds the approval tools', async () => {
    const approver = await connectHttp(server.url, await issuer.sign(claims({ sub: 'okta|u-2002', scope: 'copilot:approve' })));
    clients.push(approver);
    expect((await approver.listTools()).tools.map((tool) => tool.name)).toContain('approve_proposal');
  });

  it('accepts an expired token within the clock-skew tolerance, and one whose nbf is a few seconds ahead', async () => {
    expect((await post(await issuer.sign(claims({ exp: nowSeconds() - 10 })))).status).toBe(200);
    expect((await post(await issuer.sign(claims({ nbf: nowSeconds() + 10 })))).status).toBe(200);
  });

  const refusals: Array<{ name: string; token: () => Promise<string>; status: number; reason: string; description: RegExp }> = [
    {
      name: 'wrong audience',
      token: () => issuer.sign(claims({ aud: 'https://other.example/mcp' })),
      status: 401,
      reason: 'wrong_audience',
      description: /not for https:\/\/copilot\.example\/mcp/,
    },
    {
      name: 'wrong issuer',
      token: () => issuer.sign(claims({ iss: 'https://evil.example' })),
      status: 401,
      reason: 'wrong_issuer',
      description: /not issued by/,
    },
    {
      name: 'expired beyond the tolerance',
      token: () => issuer.sign(claims({ exp: nowSeconds() - 120 })),
      status: 401,
      reason: 'expired',
      description: /expired/,
    },
    {
      name: 'not valid yet beyond the tolerance',
      token: () => issuer.sign(claims({ nbf: nowSeconds() + 120 })),
      status: 401,
      reason: 'not_yet_valid',
      description: /not valid yet/,
    },
    {
      name: 'no exp',
      token: () => issuer.sign(claims({ exp: undefined })),
      status: 401,
      reason: 'missing_claim',
      description: /exp claim/,
    },
    {
      name: 'no sub',
      token: () => issuer.sign(claims({ sub: undefined })),
      status: 401,
      reason: 'missing_claim',
      description: /sub claim/,
    },
    {
      name: 'no tenant claim',
      token: () => issuer.sign(claims({ copilot_tenant: undefined })),
      status: 401,
      reason: 'missing_claim',
      description: /copilot_tenant claim/,
    },
    {
      name: 'a tenant claim that is no slug',
      token: () => issuer.sign(claims({ copilot_tenant: ['acme'] })),
      status: 401,
      reason: 'invalid_claim',
      description: /tenant slug or id/,
    },
    {
      name: 'signed by a key the issuer does not publish',
      token: () => issuer.sign(claims(), { key: issuer.strangerKey }),
      status: 401,
      reason: 'bad_signature',
      description: /signature/,
    },
    {
      name: 'an unknown key id',
      token: () => issuer.sign(claims(), { key: issuer.strangerKey, kid: 'rotated-away' }),
      status: 401,
      reason: 'unknown_key',
      description: /current key/,
    },
    {
      name: 'a symmetric algorithm',
      token: () => issuer.sign(claims(), { alg: 'HS256', key: new Uint8Array(32) as never }),
      status: 401,
      reason: 'algorithm_not_allowed',
      description: /algorithm/,
    },
    {
      name: 'alg none',
      token: async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.sig`,
      status: 401,
      reason: 'algorithm_not_allowed',
      description: /algorithm/,
    },
    { name: 'garbage in JWT shape', token: async () => 'abc.def.ghi', status: 401, reason: 'malformed', description: /not a valid JWT/ },
    {
      name: 'a scope mapped to no role',
      token: () => issuer.sign(claims({ sub: 'okta|u-3003', scope: 'openid profile' })),
      status: 403,
      reason: 'no_mapped_scope',
      description: /grant no role/,
    },
    {
      name: 'unmapped scopes in any script (the challenge stays a valid header)',
      token: () => issuer.sign(claims({ sub: 'okta|u-3004', scp: ['réservé', '予約'], scope: undefined })),
      status: 403,
      reason: 'no_mapped_scope',
      description: /réservé 予約/,
    },
  ];

  for (const refusal of refusals) {
    it(`refuses ${refusal.name} with ${refusal.status} and an RFC 6750 challenge`, async () => {
      const token = await refusal.token();
      const response = await post(token);
      expect(response.status).toBe(refusal.status);
      const body = JSON.parse(response.body);
      expect(body.error).toMatchObject({
        code: refusal.status === 401 ? 'unauthorized' : 'forbidden',
        details: { reason: refusal.reason },
      });
      expect(body.error.message).toMatch(refusal.description);
      const challenge = challengeOf(response);
      expect(challenge).toContain(`resource_metadata="${METADATA_URL}"`);
      expect(challenge).toContain(`error="${refusal.status === 401 ? 'invalid_token' : 'insufficient_scope'}"`);
      if (refusal.status === 403) expect(challenge).toContain('scope="copilot:read copilot:operate copilot:approve"');
      // Logged with its reason; the token itself never.
      expect(logLines.some((line) => line.includes('access token refused') && line.includes(refusal.reason))).toBe(true);
      expect(logLines.some((line) => line.includes(token))).toBe(false);
    });
  }

  it('audits a refused token in its tenant once it is genuinely this issuer’s token for this server, once per window', async () => {
    const token = await issuer.sign(claims({ sub: 'okta|u-4004', scope: 'email' }));
    expect((await post(token)).status).toBe(403);
    expect((await post(token)).status).toBe(403);
    const refused = await listAuditEntries(context.db, context.tenant.id, { action: 'access_token.refused' });
    const mine = refused.filter((entry) => (entry.after as { subject: string }).subject === 'okta|u-4004');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ after: { issuer: issuer.issuer, reason: 'no_mapped_scope', scopes: ['email'] } });
    // A token that failed verification names nothing trustworthy: nothing is written in the tenant it claims.
    await post(await issuer.sign(claims({ sub: 'okta|u-4004', aud: 'https://other.example' })));
    expect(
      (await listAuditEntries(context.db, context.tenant.id, { action: 'access_token.refused' })).filter(
        (entry) => (entry.after as { subject: string }).subject === 'okta|u-4004',
      ),
    ).toHaveLength(1);
  });

  it('refuses a token naming a tenant that does not exist with 403 and creates nothing', async () => {
    const response = await post(await issuer.sign(claims({ sub: 'okta|u-5005', copilot_tenant: 'no-such-tenant' })));
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'forbidden', details: { reason: 'unknown_tenant' } });
    expect(JSON.parse(response.body).error.message).toMatch(/no-such-tenant.*does not exist/);
  });

  it('keeps tenants apart: a token for globex sees none of acme', async () => {
    const other = await connectHttp(server.url, await issuer.sign(claims({ sub: 'okta|u-6006', copilot_tenant: 'globex' })));
    clients.push(other);
    const order = await other.callTool({ name: 'test_get_order', arguments: { orderRef: 'A-1' } });
    expect(order.structuredContent).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
  });

  it('accepts tokens only at /mcp: the JSON API refuses them as it refuses any non-key', async () => {
    const response = await fetch(new URL('/v1/me', server.url), { headers: { Authorization: `Bearer ${await issuer.sign(claims())}` } });
    expect(response.status).toBe(401);
  });

  it('still accepts API keys at /mcp, and points their refusals at the metadata too', async () => {
    expect((await post(context.rep.key)).status).toBe(200);
    const refused = await post('ocp_notakey');
    expect(refused.status).toBe(401);
    expect(challengeOf(refused)).toContain(`resource_metadata="${METADATA_URL}"`);
  });
});

describe('OAuth when the issuer is unreachable', () => {
  it('answers 502 without judging the token, and recovers when the issuer is back', async () => {
    const fresh = await startLoopbackIssuer();
    const app = await serveTestApp(context.db, context.registry, {
      COPILOT_OAUTH_ISSUER: fresh.issuer,
      COPILOT_OAUTH_RESOURCE: RESOURCE,
      COPILOT_OAUTH_SCOPE_ROLES: SCOPE_ROLES,
    });
    try {
      const token = await fresh.sign({ ...claims(), iss: fresh.issuer });
      fresh.setDown(true);
      const down = await rawRequest(app.url, { headers: { Authorization: `Bearer ${token}` }, body: INITIALIZE });
      expect(down.status).toBe(502);
      expect(JSON.parse(down.body).error).toMatchObject({ code: 'upstream_failed' });
      fresh.setDown(false);
      const up = await rawRequest(app.url, { headers: { Authorization: `Bearer ${token}` }, body: INITIALIZE });
      expect(up.status).toBe(200);
    } finally {
      await app.close();
      await fresh.close();
    }
  });
});
