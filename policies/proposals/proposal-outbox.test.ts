import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { listOutboxMessages, type OutboxMessage } from '../../core/outbox/index.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../testing/policy-test-context.ts';
import { approveProposal } from './approve-proposal.ts';
import { expireProposals } from './expire-proposals.ts';
import { invokeTool } from './invoke-tool.ts';
import { rejectProposal } from './reject-proposal.ts';

describe('proposal changes reach the outbox in their own transaction', () => {
  let ctx: PolicyTestContext;
  const messagesAbout = async (proposalId: string): Promise<OutboxMessage[]> =>
    (await withTenant(ctx.db, ctx.tenant.id, (tx) => listOutboxMessages(tx, { limit: 1000 })))
      .filter((message) => message.payload.proposalId === proposalId)
      .reverse();
  const propose = async (amount: number, orderRef: string) => {
    const outcome = await invokeTool(ctx.db, ctx.registry, {
      principal: ctx.rep,
      tool: 'test_issue_refund',
      args: { orderRef, amount },
      origin: { kind: 'agent', ref: 'run-1' },
    });
    return outcome.proposalId!;
  };

  beforeAll(async () => {
    ctx = await createPolicyTestContext();
  });
  afterAll(() => ctx.db.close());

  it('pending → approved → action.executed, naming the approval that authorised it and an idempotency key', async () => {
    const id = await propose(120, 'A-1');
    await approveProposal(ctx.db, ctx.registry, ctx.approver, id, { comment: 'photos checked' });
    const messages = await messagesAbout(id);
    expect(messages.map((message) => message.type)).toEqual(['proposal.pending', 'proposal.approved', 'action.executed']);
    const executed = messages[2]!;
    expect(executed.payload).toMatchObject({
      tool: 'test_issue_refund',
      arguments: { orderRef: 'A-1', amount: 120 },
      idempotencyKey: id,
      policy: { decision: 'require_approval', rule: 'refund-approval' },
      approvals: [{ userName: ctx.approver.userName, comment: 'photos checked' }],
      result: { refunded: 120 },
    });
    expect(new Set(messages.map((message) => message.orderingKey)).size).toBe(1);
  });

  it('a policy-allowed write sends action.executed at once; rejections and expiries are told too', async () => {
    const allowed = await propose(20, 'A-2');
    expect((await messagesAbout(allowed)).map((message) => message.type)).toEqual(['action.executed']);

    const rejected = await propose(130, 'A-3');
    await rejectProposal(ctx.db, ctx.registry, ctx.approver, rejected, { reason: 'customer already refunded by bank' });
    const [, rejection] = await messagesAbout(rejected);
    expect(rejection).toMatchObject({
      type: 'proposal.rejected',
      payload: { comment: 'customer already refunded by bank', rejectedBy: { userName: ctx.approver.userName } },
    });

    const expiring = await propose(140, 'A-4');
    await expireProposals(ctx.db, { now: new Date(Date.now() + 400 * 3_600_000) });
    expect((await messagesAbout(expiring)).map((message) => message.type)).toEqual(['proposal.pending', 'proposal.expired']);
  });

  it('a write that fails in the product sends no action.executed', async () => {
    const outcome = await invokeTool(ctx.db, ctx.registry, {
      principal: ctx.rep,
      tool: 'test_failing_write',
      args: {},
      origin: { kind: 'user' },
    });
    expect(outcome.status).not.toBe('executed');
    if (outcome.proposalId) expect(await messagesAbout(outcome.proposalId)).toEqual([]);
  });
});
