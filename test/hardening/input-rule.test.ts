/**
 * Issue 12, defect 2: text with a NUL or an unpaired surrogate is a 400 / validation error naming the
 * field at every edge, never a 500; database error text never reaches a caller; a failed chat leaves
 * nothing half-written. Each case below answered 500 (or leaked PostgreSQL's message) before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { authenticateApiKey } from '../../core/identity/api-keys.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { seedOperationsScenario, type OperationsScenario } from '../../web/testing/operations-scenario.ts';
import { createTestApp, type KeyName, type TestApp } from '../../web/testing/test-app.ts';
import { mcpRequest } from '../support/mcp-json-rpc.ts';

// PostgreSQL's words for these failures; none may reach a caller.
const DATABASE_TEXT = /invalid byte sequence|unsupported Unicode escape|must follow a high surrogate|invalid input syntax|0x00|SQLSTATE/i;

describe('one input rule at every edge', () => {
  let t: TestApp;
  let scenario: OperationsScenario;

  const call = async (path: string, key: KeyName, init: { method?: string; json?: unknown; body?: string } = {}) => {
    const response = await t.request(path, {
      key,
      method: init.method ?? 'GET',
      ...(init.json !== undefined ? { json: init.json } : {}),
      ...(init.body !== undefined ? { body: init.body, headers: { 'Content-Type': 'application/json' } } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      body: JSON.parse(text) as { error?: { code: string; message: string; details?: { issues?: Array<{ path: string }> } } },
    };
  };
  const expectRefused = (result: Awaited<ReturnType<typeof call>>, field: string) => {
    expect(result.status, result.text).toBe(400);
    expect(result.body.error?.code).toBe('validation_failed');
    expect(result.body.error?.details?.issues?.map((issue) => issue.path)).toContain(field);
    expect(result.text).not.toMatch(DATABASE_TEXT);
  };
  const threadCount = () =>
    withTenant(
      t.db,
      t.tenantA.id,
      async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM agent_threads')).rows[0]!.n,
    );

  beforeAll(async () => {
    t = await createTestApp();
    scenario = await seedOperationsScenario(t.db, buildDefaultRegistry(), await authenticateApiKey(t.db, t.keys.rep), 30481);
  });
  afterAll(() => t.close());

  it('refuses NUL in path parameters and query strings, naming the field', async () => {
    expectRefused(await call('/v1/orders/%00', 'rep'), 'order');
    expectRefused(await call('/v1/orders?customer=%00', 'rep'), 'customer');
    expectRefused(await call('/v1/runbooks/search?q=%00', 'rep'), 'q');
    expectRefused(await call('/v1/inventory/%00/ats', 'rep'), 'sku');
    expectRefused(await call('/v1/orders/SO-30481/timeline?x=%00', 'rep'), 'x');
  });

  it('refuses NUL in the paths, queries and forms of pages and sign-in too (a page answers 400, not 500)', async () => {
    const cookie = await t.signIn('rep');
    for (const path of ['/orders/%00', '/inventory/%00', '/exceptions?type=%00', '/runbooks?q=a%00b', '/runs/%00', '/approvals/%00']) {
      const response = await t.page(path, cookie);
      expect(response.status, path).toBe(400);
      expect(await response.text()).not.toMatch(DATABASE_TEXT);
    }
    const signIn = await t.app.request('http://localhost/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
      body: 'apiKey=ok%00',
    });
    expect(signIn.status).toBe(400);
    const api = await call('/v1/unknown%00', 'rep');
    expectRefused(api, 'path');
  });

  it('refuses NUL and lone surrogates in JSON bodies, naming the field', async () => {
    const approve = `/v1/proposals/${scenario.holdProposalId}/approve`;
    expectRefused(await call(approve, 'approver', { method: 'POST', json: { comment: 'ok\u0000' } }), 'comment');
    expectRefused(await call('/v1/api-keys', 'admin', { method: 'POST', json: { roles: ['rep'], userName: 'mallory\u0000' } }), 'userName');
    expectRefused(await call('/v1/policies', 'admin', { method: 'POST', json: { source: 'version: 1\u0000' } }), 'source');
    // A lone surrogate arrives as a JSON escape: valid JSON, not storable text.
    const edit = `/v1/proposals/${scenario.correctionProposalId}/edit`;
    const body = '{"args": {"orderRef": "SO-30482", "address": {"line1": "\\ud800"}}, "comment": "fix"}';
    expectRefused(await call(edit, 'approver', { method: 'POST', body }), 'args.address.line1');
    // Nothing was decided: both proposals are still pending.
    for (const id of [scenario.holdProposalId, scenario.correctionProposalId])
      expect((await call(`/v1/proposals/${id}`, 'approver')).body).toMatchObject({ status: 'pending' });
  });

  it('refuses bad chat input before any thread exists, and never shows database text', async () => {
    const before = await threadCount();
    for (const message of ['hello\u0000', 'look up \ud800 please']) {
      expectRefused(await call('/v1/chat', 'rep', { method: 'POST', json: { message } }), 'message');
    }
    const escaped = await call('/v1/chat', 'rep', { method: 'POST', body: '{"message": "order SO-30481 \\udc00"}' });
    expectRefused(escaped, 'message');
    expect(await threadCount()).toBe(before);
  });

  it('refuses bad MCP tool arguments and resource ids with a validation error, never database text', async () => {
    const calls = [
      { name: 'get_order', arguments: { order: 'SO\u0000' }, field: 'order' },
      { name: 'search_runbooks', arguments: { query: 'credit \u0000 hold' }, field: 'query' },
      { name: 'search_runbooks', arguments: { query: 'credit \ud800 hold' }, field: 'query' },
    ];
    for (const { field, ...params } of calls) {
      const tool = await mcpRequest(t.app, t.keys.rep, 'tools/call', params);
      expect(tool.text).not.toMatch(DATABASE_TEXT);
      expect(tool.result, tool.text).toMatchObject({ isError: true });
      expect(JSON.stringify(tool.result)).toMatch(/validation_failed|Input validation error/);
      expect(JSON.stringify(tool.result)).toContain(field);
    }

    for (const uri of ['exception://%00', 'proposal://%00', 'runbook://%00', 'exception://%ED%A0%80']) {
      const read = await mcpRequest(t.app, t.keys.approver, 'resources/read', { uri });
      expect(read.text).not.toMatch(DATABASE_TEXT);
      expect(read.error?.code, read.text).toBeOneOf([-32602, -32002]);
    }
  });
});
