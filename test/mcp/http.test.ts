/**
 * MCP over Streamable HTTP through the real app (middleware, auth, Host/Origin guard, limits), served
 * on a loopback port, with the SDK's own client. Tools are the policies module's test tools on the
 * real gate (refunds up to 50 run, up to 5000 wait for approval, above are denied).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProposal } from '../../policies/index.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../../policies/testing/policy-test-context.ts';
import { openSession } from '../../web/auth/session-store.ts';
import type { RunningServer } from '../../web/server.ts';
import { textOf } from './in-memory-client.ts';
import { connectHttp, INITIALIZE, rawRequest, serveTestApp } from './http-server.ts';

let context: PolicyTestContext;
let server: RunningServer;
const clients: Client[] = [];

beforeAll(async () => {
  context = await createPolicyTestContext();
  server = await serveTestApp(context.db, context.registry);
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server?.close();
  await context?.db.close();
});

async function connect(key: string, name?: string): Promise<Client> {
  const client = await connectHttp(server.url, key, name);
  clients.push(client);
  return client;
}

describe('MCP over Streamable HTTP', () => {
  it('lists tools by role and calls read and write tools through the gate', async () => {
    const rep = await connect(context.rep.key);
    expect((await rep.listTools()).tools.map((tool) => tool.name).sort()).toEqual([
      'test_add_note',
      'test_failing_write',
      'test_get_order',
      'test_issue_refund',
    ]);

    const read = await rep.callTool({ name: 'test_get_order', arguments: { orderRef: 'A-1' } });
    expect(read.structuredContent).toMatchObject({ status: 'ok', result: { ref: 'A-1', total: 2000 } });

    const executed = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-2', amount: 10 } });
    expect(executed).toMatchObject({
      isError: false,
      structuredContent: { decision: 'allow', status: 'executed', result: { refunded: 10 } },
    });

    const pending = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-3', amount: 400 } });
    expect(pending).toMatchObject({ isError: false, structuredContent: { decision: 'require_approval', status: 'pending_approval' } });
    const { proposalId } = pending.structuredContent as { proposalId: string };
    // Each HTTP request has its own server, so the origin names the transport and the User-Agent.
    expect((await getProposal(context.db, context.approver, proposalId)).origin).toMatchObject({
      kind: 'mcp',
      ref: expect.stringMatching(/^streamable-http/),
    });

    const denied = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'BIG', amount: 9000 } });
    expect(denied).toMatchObject({
      isError: false,
      structuredContent: { decision: 'deny', status: 'denied', reason: 'Refunds above 5000 are never allowed.' },
    });

    const invalid = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-2' } });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/Input validation error/);

    const approver = await connect(context.approver.key);
    const approved = await approver.callTool({ name: 'approve_proposal', arguments: { proposalId } });
    expect(approved.structuredContent).toMatchObject({ status: 'executed', result: { refunded: 400 } });
  });

  it('keeps tenants apart: a tenant B key never sees tenant A data', async () => {
    const rep = await connect(context.rep.key);
    const pending = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-4', amount: 300 } });
    const { proposalId } = pending.structuredContent as { proposalId: string };

    const other = await connect(context.otherApprover.key);
    const order = await other.callTool({ name: 'test_get_order', arguments: { orderRef: 'A-1' } });
    expect(order.structuredContent).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
    const own = await other.callTool({ name: 'test_get_order', arguments: { orderRef: 'B-1' } });
    expect(own.structuredContent).toMatchObject({ status: 'ok', result: { ref: 'B-1' } });
    const listed = await other.callTool({ name: 'list_proposals', arguments: { status: 'pending' } });
    expect((listed.structuredContent as { proposals: unknown[] }).proposals).toEqual([]);
    expect(textOf(await other.callTool({ name: 'approve_proposal', arguments: { proposalId } }))).toMatch(/^not_found:/);
    await expect(other.readResource({ uri: `proposal://${proposalId}` })).rejects.toMatchObject({ code: -32002 });
  });

  it('answers stateless: no session id, JSON responses, GET and DELETE refused with 405', async () => {
    const initialize = await rawRequest(server.url, { headers: { Authorization: `Bearer ${context.rep.key}` }, body: INITIALIZE });
    expect(initialize.status).toBe(200);
    expect(initialize.headers['mcp-session-id']).toBeUndefined();
    expect(JSON.parse(initialize.body)).toMatchObject({ result: { serverInfo: { name: 'ops-copilot' } } });

    for (const method of ['GET', 'DELETE']) {
      const response = await rawRequest(server.url, { method, headers: { Authorization: `Bearer ${context.rep.key}` } });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('POST');
    }
  });

  it('refuses a missing or bad key, and a session cookie, with 401 and a Bearer challenge', async () => {
    const session = await openSession(context.db, context.rep);
    for (const headers of <Record<string, string>[]>[
      {},
      { Authorization: 'Bearer ocp_notakey' },
      { Authorization: `Basic ${context.rep.key}` },
      { Cookie: `copilot_session=${session.token}` },
    ]) {
      const response = await rawRequest(server.url, { headers, body: INITIALIZE });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('refuses a Host or Origin that is not this server with 403 (DNS rebinding)', async () => {
    const auth = { Authorization: `Bearer ${context.rep.key}` };
    const rebound = await rawRequest(server.url, { headers: { ...auth, Host: 'attacker.example.net' }, body: INITIALIZE });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: 'forbidden' } });
    const crossSite = await rawRequest(server.url, { headers: { ...auth, Origin: 'https://attacker.example.net' }, body: INITIALIZE });
    expect(crossSite.status).toBe(403);
    const local = await rawRequest(server.url, {
      headers: { ...auth, Host: 'localhost', Origin: 'http://localhost:6274' },
      body: INITIALIZE,
    });
    expect(local.status).toBe(200);
  });
});

describe('MCP HTTP limits', () => {
  it('accepts an allowed host from COPILOT_ALLOWED_HOSTS, refuses bodies over the limit (413) and callers over the rate (429)', async () => {
    const limited = await serveTestApp(context.db, context.registry, {
      COPILOT_ALLOWED_HOSTS: 'copilot.example.com',
      COPILOT_BODY_LIMIT_BYTES: '2048',
      COPILOT_RATE_LIMIT_PER_MINUTE: '3',
    });
    try {
      const auth = { Authorization: `Bearer ${context.approver.key}` };
      expect((await rawRequest(limited.url, { headers: { ...auth, Host: 'copilot.example.com' }, body: INITIALIZE })).status).toBe(200);
      const big = JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'test_add_note', arguments: { orderRef: 'A-1', text: 'x'.repeat(4000) } },
      });
      const tooLarge = await rawRequest(limited.url, { headers: auth, body: big });
      expect(tooLarge.status).toBe(413);
      // The body limit answers before the rate limiter counts the request: two more fit in the budget of 3.
      expect((await rawRequest(limited.url, { headers: auth, body: INITIALIZE })).status).toBe(200);
      expect((await rawRequest(limited.url, { headers: auth, body: INITIALIZE })).status).toBe(200);
      const limitedResponse = await rawRequest(limited.url, { headers: auth, body: INITIALIZE });
      expect(limitedResponse.status).toBe(429);
      expect(Number(limitedResponse.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
