/**
 * The MCP server on the real policy gate, proposals and audit (policies/), with the policies module's
 * test tools and policy: refunds up to 50 run, up to 5000 wait for an approver, above are denied.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProposal, listAuditEntries } from '../../policies/index.ts';
import { countRows } from '../../policies/testing/fixtures.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../../policies/testing/policy-test-context.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { createMcpServer } from '../../mcp/index.ts';
import { connectInMemory, textOf } from './in-memory-client.ts';

let context: PolicyTestContext;
const clients: Client[] = [];

beforeAll(async () => {
  context = await createPolicyTestContext();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await context.db.close();
});

async function connect(principal: Principal, clientName = 'gate-test-client'): Promise<Client> {
  const server = createMcpServer({ db: context.db, registry: context.registry, principal, log: () => undefined });
  const client = await connectInMemory(server, clientName);
  clients.push(client);
  return client;
}

describe('MCP tools on the real policy gate', () => {
  it('lists the registry tools the key’s roles allow, with approver tools only for approvers', async () => {
    const rep = await connect(context.rep);
    expect((await rep.listTools()).tools.map((tool) => tool.name).sort()).toEqual([
      'test_add_note',
      'test_failing_write',
      'test_get_order',
      'test_issue_refund',
    ]);
    const admin = await connect(context.admin);
    expect((await admin.listTools()).tools.map((tool) => tool.name).sort()).toEqual([
      'approve_proposal',
      'list_proposals',
      'reject_proposal',
      'test_add_note',
      'test_admin_report',
      'test_failing_write',
      'test_get_order',
      'test_issue_refund',
    ]);
  });

  it('reads through the gate', async () => {
    const rep = await connect(context.rep);
    const result = await rep.callTool({ name: 'test_get_order', arguments: { orderRef: 'A-1' } });
    expect(result.isError).toBe(false);
    expect(result.structuredContent).toMatchObject({ decision: 'allow', status: 'ok', result: { ref: 'A-1', total: 2000, refunded: 0 } });
  });

  it('executes an allowed write, leaves a larger one pending and denies a huge one', async () => {
    const rep = await connect(context.rep, 'claude-desktop-test');
    const executed = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-2', amount: 20 } });
    expect(executed.isError).toBe(false);
    expect(executed.structuredContent).toMatchObject({
      decision: 'allow',
      status: 'executed',
      rule: 'refund-small',
      result: { refunded: 20 },
    });

    const pending = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-3', amount: 300 } });
    expect(pending.isError).toBe(false);
    expect(pending.structuredContent).toMatchObject({
      decision: 'require_approval',
      status: 'pending_approval',
      approverRole: 'approver',
      rule: 'refund-approval',
    });
    const { proposalId } = pending.structuredContent as { proposalId: string };
    const proposal = await getProposal(context.db, context.approver, proposalId);
    expect(proposal).toMatchObject({
      status: 'pending',
      origin: { kind: 'mcp', ref: 'claude-desktop-test' },
      proposer: { userId: context.rep.userId },
    });

    const denied = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'BIG', amount: 6000 } });
    expect(denied.isError).toBe(false);
    expect(denied.structuredContent).toMatchObject({
      decision: 'deny',
      status: 'denied',
      rule: 'refund-deny-huge',
      reason: 'Refunds above 5000 are never allowed.',
    });

    // Only the allowed refund changed data.
    expect(await countRows(context.db, context.tenant.id, 'test_refunds')).toBe(1);
    const audit = await listAuditEntries(context.db, context.tenant.id, {});
    expect(audit.some((entry) => entry.actor && JSON.stringify(entry.actor).includes('claude-desktop-test'))).toBe(true);
  });

  it('reports arguments outside the schema and failed preconditions as tool errors', async () => {
    const rep = await connect(context.rep);
    const invalid = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-4', amount: -5 } });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/Input validation error.*amount/s);

    const precondition = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-4', amount: 2500 } });
    expect(precondition.isError).toBe(true);
    expect(precondition.structuredContent).toMatchObject({ status: 'failed', error: { code: 'precondition_failed' } });
  });

  it('lets another approver approve (executing once) and refuses the proposer’s own approval', async () => {
    const rep = await connect(context.rep);
    const pending = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-5', amount: 100 } });
    const { proposalId } = pending.structuredContent as { proposalId: string };

    const approver = await connect(context.approver);
    const listed = await approver.callTool({ name: 'list_proposals', arguments: { status: 'pending' } });
    expect((listed.structuredContent as { proposals: Array<{ id: string }> }).proposals.map((p) => p.id)).toContain(proposalId);

    const approved = await approver.callTool({ name: 'approve_proposal', arguments: { proposalId, comment: 'customer called' } });
    expect(approved.isError).toBe(false);
    expect(approved.structuredContent).toMatchObject({ status: 'executed', proposalId, result: { refunded: 100 } });
    const again = await approver.callTool({ name: 'approve_proposal', arguments: { proposalId } });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toMatch(/^conflict:/);
    expect(await countRows(context.db, context.tenant.id, 'test_refunds')).toBe(2);

    // Four-eyes: an approver who proposed cannot approve it.
    const own = await approver.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-6', amount: 100 } });
    const ownId = (own.structuredContent as { proposalId: string }).proposalId;
    const refused = await approver.callTool({ name: 'approve_proposal', arguments: { proposalId: ownId } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^forbidden:/);
    const rejected = await (await connect(context.approver2)).callTool({
      name: 'reject_proposal',
      arguments: { proposalId: ownId, reason: 'duplicate' },
    });
    expect(rejected.isError).toBe(false);
    expect(rejected.structuredContent).toMatchObject({ id: ownId, status: 'rejected' });
  });

  it('keeps tenants apart: another tenant’s approver neither sees nor decides a proposal', async () => {
    const rep = await connect(context.rep);
    const pending = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-7', amount: 100 } });
    const { proposalId } = pending.structuredContent as { proposalId: string };
    const other = await connect(context.otherApprover);
    const listed = await other.callTool({ name: 'list_proposals', arguments: { status: 'pending' } });
    expect((listed.structuredContent as { proposals: unknown[] }).proposals).toEqual([]);
    const approve = await other.callTool({ name: 'approve_proposal', arguments: { proposalId } });
    expect(approve.isError).toBe(true);
    expect(textOf(approve)).toMatch(/^not_found:/);
    await expect(other.readResource({ uri: `proposal://${proposalId}` })).rejects.toMatchObject({ code: -32002 });
    const read = await other.callTool({ name: 'test_get_order', arguments: { orderRef: 'A-1' } });
    expect(read.structuredContent).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
  });

  it('shows a rep their own proposal as a resource', async () => {
    const rep = await connect(context.rep);
    const pending = await rep.callTool({ name: 'test_issue_refund', arguments: { orderRef: 'A-8', amount: 100 } });
    const { proposalId } = pending.structuredContent as { proposalId: string };
    const read = await rep.readResource({ uri: `proposal://${proposalId}` });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({
      id: proposalId,
      tool: 'test_issue_refund',
      status: 'pending',
      args: { orderRef: 'A-8', amount: 100 },
    });
  });
});
