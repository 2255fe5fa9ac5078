/**
 * Issue 12, defect 3: four-eyes holds for people, not key records. An admin who proposes an action and
 * then mints a key for a new user (named or unnamed) cannot decide that action with it, over HTTP or
 * MCP, and neither can users that such a user minted in turn. A key the operator issued to a real
 * second approver still can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey, createApiKey } from '../../core/identity/api-keys.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { seedOperationsScenario, type OperationsScenario } from '../../web/testing/operations-scenario.ts';
import { createTestApp, type TestApp } from '../../web/testing/test-app.ts';
import { mcpRequest } from '../support/mcp-json-rpc.ts';

describe('four-eyes across keys an admin mints', () => {
  let t: TestApp;
  let scenario: OperationsScenario;

  const proposeRefundOverMcp = async (key: string, amount: number): Promise<string> => {
    const answer = await mcpRequest(t.app, key, 'tools/call', {
      name: 'issue_refund',
      arguments: { order: scenario.healthyOrder, amount, reason: 'goodwill for a late parcel' },
    });
    const outcome = (answer.result as { structuredContent?: { status?: string; proposalId?: string } }).structuredContent;
    expect(outcome?.status, answer.text).toBe('pending_approval');
    return outcome!.proposalId!;
  };
  const mintKey = async (byKey: string, body: Record<string, unknown>): Promise<string> => {
    const response = await t.request('/v1/api-keys', { key: byKey, method: 'POST', json: body });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()).key as string;
  };
  const approveOverHttp = (key: string, proposalId: string) =>
    t.request(`/v1/proposals/${proposalId}/approve`, { key, method: 'POST', json: { comment: 'fine' } });
  const approveOverMcp = (key: string, proposalId: string) =>
    mcpRequest(t.app, key, 'tools/call', { name: 'approve_proposal', arguments: { proposalId } });
  const status = async (proposalId: string) => (await (await t.request(`/v1/proposals/${proposalId}`, { key: 'approver' })).json()).status;

  beforeAll(async () => {
    t = await createTestApp();
    scenario = await seedOperationsScenario(t.db, buildDefaultRegistry(), await authenticateApiKey(t.db, t.keys.rep), 40481);
  });
  afterAll(() => t.close());

  it('refuses an approval with a key the proposing admin minted for a new named user (HTTP and MCP)', async () => {
    const proposalId = await proposeRefundOverMcp(t.keys.admin, 5);
    const helper = await mintKey(t.keys.admin, { roles: ['approver', 'admin'], userName: 'helpful-harry' });

    const overHttp = await approveOverHttp(helper, proposalId);
    expect(overHttp.status).toBe(403);
    expect((await overHttp.json()).error.message).toMatch(/four-eyes/);
    const overMcp = await approveOverMcp(helper, proposalId);
    expect(overMcp.result).toMatchObject({ isError: true });
    expect(overMcp.text).toMatch(/four-eyes/);
    expect(await status(proposalId)).toBe('pending');

    // Nor with a key that the minted user minted in turn.
    const grandchild = await mintKey(helper, { roles: ['approver'] });
    expect((await approveOverHttp(grandchild, proposalId)).status).toBe(403);
    expect(await status(proposalId)).toBe('pending');
  });

  it('refuses an approval with an unnamed key (a fresh user) the proposing admin minted', async () => {
    const proposalId = await proposeRefundOverMcp(t.keys.admin, 4);
    const unnamed = await mintKey(t.keys.admin, { roles: ['approver'] });
    expect((await approveOverHttp(unnamed, proposalId)).status).toBe(403);
    expect((await approveOverMcp(unnamed, proposalId)).text).toMatch(/four-eyes/);
    expect(await status(proposalId)).toBe('pending');
  });

  it('refuses the other way round too: the admin cannot approve what a user they minted proposed', async () => {
    const minted = await mintKey(t.keys.admin, { roles: ['rep'], userName: 'puppet-pete' });
    const proposalId = await proposeRefundOverMcp(minted, 3);
    expect((await approveOverHttp(t.keys.admin, proposalId)).status).toBe(403);
    expect(await status(proposalId)).toBe('pending');
  });

  it('still lets an independent approver decide, whoever proposed', async () => {
    const proposalId = await proposeRefundOverMcp(t.keys.admin, 2);
    // The operator's CLI issues this key (copilot keys create): no admin of the tenant minted it.
    const independent = (await createApiKey(t.db, { tenantId: t.tenantA.id, roles: ['approver'], userName: 'olga-approver' })).key;
    const approved = await approveOverMcp(independent, proposalId);
    expect(approved.result, approved.text).toMatchObject({ isError: false, structuredContent: { status: 'executed' } });
    // A second admin's minted user is that admin's, not the first one's: it may decide the first admin's proposals.
    const secondAdmin = (await createApiKey(t.db, { tenantId: t.tenantA.id, roles: ['admin'], userName: 'sam-second-admin' })).key;
    const samsApprover = await mintKey(secondAdmin, { roles: ['approver'], userName: 'sams-approver' });
    const next = await proposeRefundOverMcp(t.keys.admin, 1);
    expect((await approveOverHttp(samsApprover, next)).status).toBe(200);
    expect(await status(next)).toBe('executed');
  });
});
