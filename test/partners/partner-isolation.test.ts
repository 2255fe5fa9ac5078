/**
 * Adversarial: a partner's person never reads or writes a tenant outside the partner's grants, over
 * HTTP, over MCP (the gate and its tools, which the agent uses too) and through retrieval's tenant
 * scope. The partner holds a grant to the policy test tenant ("acme-test"), not to the other one.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { createPartner, createPartnerKey, grantTenant, revokeGrant, runInPartnerScope } from '../../core/partners/index.ts';
import { listProposals } from '../../policies/index.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../../policies/testing/policy-test-context.ts';
import { listDocuments } from '../../retrieval/documents.ts';
import type { RunningServer } from '../../web/server.ts';
import { serveTestApp } from '../mcp/http-server.ts';
import { textOf } from '../mcp/in-memory-client.ts';

let context: PolicyTestContext;
let server: RunningServer;
let partnerId: string;
const keys = { operator: '', analyst: '' };
const clients: Client[] = [];

beforeAll(async () => {
  context = await createPolicyTestContext();
  server = await serveTestApp(context.db, context.registry);
  const partner = await createPartner(context.db, { slug: 'north-msp', name: 'North MSP' });
  partnerId = partner.id;
  await grantTenant(context.db, { partner: partner.slug, tenant: context.tenant.id, grantedBy: 'test' });
  keys.operator = (await createPartnerKey(context.db, { partner: partner.slug, roles: ['partner_operator'], userName: 'olga' })).key;
  keys.analyst = (await createPartnerKey(context.db, { partner: partner.slug, roles: ['partner_analyst'], userName: 'andy' })).key;
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server?.close();
  await context?.db.close();
});

const call = (path: string, key: string, tenant?: string) =>
  fetch(new URL(path, server.url), { headers: { Authorization: `Bearer ${key}`, ...(tenant ? { 'X-Copilot-Tenant': tenant } : {}) } });

async function mcp(key: string, tenant: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', server.url), {
    requestInit: { headers: { Authorization: `Bearer ${key}`, 'X-Copilot-Tenant': tenant } },
  });
  const client = new Client({ name: 'partner-client', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

describe('partner isolation over HTTP', () => {
  it('serves the granted tenant as a tenant principal with mapped roles', async () => {
    const response = await call('/v1/me', keys.operator, context.tenant.slug);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      tenantSlug: context.tenant.slug,
      userName: 'olga (north-msp)',
      roles: ['rep', 'approver'],
      partner: { partnerSlug: 'north-msp', roles: ['partner_operator'] },
    });
  });

  it('refuses a tenant without a grant, an unknown tenant and a request naming no tenant, with 403', async () => {
    for (const tenant of [context.other.slug, context.other.id, 'no-such-tenant', undefined]) {
      const response = await call('/v1/me', keys.operator, tenant);
      expect(response.status, String(tenant)).toBe(403);
      expect(JSON.stringify(await response.json())).not.toContain(context.other.name);
    }
  });

  it('refuses a malformed tenant header with 400 and a forged partner key with 401', async () => {
    expect((await call('/v1/me', keys.operator, 'a/../../b')).status).toBe(400);
    expect((await call('/v1/me', `${keys.operator.slice(0, -2)}xx`, context.tenant.slug)).status).toBe(401);
  });
});

describe('partner isolation over MCP', () => {
  it('reads and proposes in the granted tenant, through the gate, as the partner’s tenant user', async () => {
    const client = await mcp(keys.operator, context.tenant.slug);
    const read = await client.callTool({ name: 'test_get_order', arguments: { orderRef: 'A-1' } });
    expect(read.structuredContent).toMatchObject({ status: 'ok', result: { ref: 'A-1' } });
    const pending = await client.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-3', amount: 200 } });
    expect(pending.structuredContent).toMatchObject({ status: 'pending_approval' });
    const proposals = await listProposals(context.db, context.admin, { status: 'pending', limit: 100 });
    expect(proposals.map((proposal) => proposal.proposer.name)).toContain('olga (north-msp)');
  });

  it('cannot see the other tenant’s order from inside the granted tenant', async () => {
    const client = await mcp(keys.operator, context.tenant.slug);
    const result = await client.callTool({ name: 'test_get_order', arguments: { orderRef: 'B-1' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/not_found|not found/);
  });

  it('cannot connect to a tenant without a grant', async () => {
    await expect(mcp(keys.operator, context.other.slug)).rejects.toThrow(/403|forbidden|grant/i);
  });

  it('gives an analyst reads only: writes are refused by role, and the database refuses any write', async () => {
    const client = await mcp(keys.analyst, context.tenant.slug);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('test_issue_refund');
    const refused = await client.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-4', amount: 10 } });
    expect(refused.isError).toBe(true);
    await expect(
      runInPartnerScope({ partnerId, readOnly: true }, () =>
        withTenant(context.db, context.tenant.id, (tx) => tx.query(`UPDATE test_orders SET refunded = refunded + 1 WHERE ref = 'A-4'`)),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('loses the tenant at once when the grant is revoked', async () => {
    await revokeGrant(context.db, { partner: 'north-msp', tenant: context.tenant.id });
    try {
      expect((await call('/v1/me', keys.operator, context.tenant.slug)).status).toBe(403);
      // Even a path that skipped the check sees nothing: the database admits no row without the grant.
      const rows = await runInPartnerScope({ partnerId, readOnly: false }, () =>
        withTenant(context.db, context.tenant.id, async (tx) => (await tx.query('SELECT * FROM test_orders')).rowCount),
      );
      expect(rows).toBe(0);
    } finally {
      await grantTenant(context.db, { partner: 'north-msp', tenant: context.tenant.id, grantedBy: 'test' });
    }
  });
});

describe('partner isolation in retrieval', () => {
  it('lists no tenant documents of a tenant outside the grants (retrieval runs in the partner scope)', async () => {
    const outside = await runInPartnerScope({ partnerId, readOnly: true }, () => listDocuments(context.db, context.other.id));
    const inside = await runInPartnerScope({ partnerId, readOnly: true }, () => listDocuments(context.db, context.tenant.id));
    expect(outside.filter((document) => document.visibility === 'tenant')).toEqual([]);
    expect(inside.filter((document) => document.visibility === 'tenant')).toEqual([]);
  });
});
