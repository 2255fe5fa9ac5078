import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../testing/fixtures.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../testing/policy-test-context.ts';
import { approveProposal } from './approve-proposal.ts';
import { editProposal } from './edit-proposal.ts';
import { invokeTool } from './invoke-tool.ts';
import { getProposal } from './list-proposals.ts';

describe('editing proposals', () => {
  let ctx: PolicyTestContext;
  const propose = async (amount: number, orderRef: string) => {
    const outcome = await invokeTool(ctx.db, ctx.registry, {
      principal: ctx.rep,
      tool: 'test_issue_refund',
      args: { orderRef, amount },
      origin: { kind: 'user' },
    });
    expect(outcome.status).toBe('pending_approval');
    return outcome.proposalId!;
  };

  beforeAll(async () => {
    ctx = await createPolicyTestContext();
  });
  afterAll(() => ctx.db.close());

  it('re-decides an edit as a new revision that may need a higher role', async () => {
    const id = await propose(300, 'A-1');
    const outcome = await editProposal(ctx.db, ctx.registry, ctx.approver, id, {
      args: { orderRef: 'A-1', amount: 800 },
      comment: 'full amount',
    });
    expect(outcome).toMatchObject({ status: 'pending_approval', decision: 'require_approval', approverRole: 'admin' });
    expect(outcome.proposalId).not.toBe(id);
    const old = await getProposal(ctx.db, ctx.admin, id);
    expect(old.status).toBe('superseded');
    const revision = await getProposal(ctx.db, ctx.admin, outcome.proposalId!);
    expect(revision).toMatchObject({
      revision: 2,
      parentId: id,
      rootId: id,
      args: { orderRef: 'A-1', amount: 800 },
      proposer: { userId: ctx.rep.userId },
      editors: [ctx.approver.userId],
    });
    expect(revision.revisions.map((entry) => [entry.revision, entry.status])).toEqual([
      [1, 'superseded'],
      [2, 'pending'],
    ]);
    // The approver cannot approve above their authority; nor can the editor approve their own edit.
    await expect(approveProposal(ctx.db, ctx.registry, ctx.approver, outcome.proposalId!)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await approveProposal(ctx.db, ctx.registry, ctx.admin, outcome.proposalId!)).status).toBe('executed');
    await expect(approveProposal(ctx.db, ctx.registry, ctx.admin, id)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/superseded/),
    });
  });

  it('does not let the editor approve their own edit (four-eyes)', async () => {
    const id = await propose(300, 'A-6');
    const outcome = await editProposal(ctx.db, ctx.registry, ctx.approver2, id, { args: { orderRef: 'A-6', amount: 200 } });
    expect(outcome).toMatchObject({ status: 'pending_approval', approverRole: 'approver' });
    await expect(approveProposal(ctx.db, ctx.registry, ctx.approver2, outcome.proposalId!)).rejects.toMatchObject({
      code: 'forbidden',
      message: /you edited/,
    });
    await expect(approveProposal(ctx.db, ctx.registry, ctx.rep, outcome.proposalId!)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await approveProposal(ctx.db, ctx.registry, ctx.approver, outcome.proposalId!)).status).toBe('executed');
  });

  it('refuses an edit that raises a refund above the refundable amount; the original stays pending', async () => {
    const id = await propose(300, 'A-2');
    await expect(editProposal(ctx.db, ctx.registry, ctx.approver, id, { args: { orderRef: 'A-2', amount: 2500 } })).rejects.toMatchObject({
      code: 'precondition_failed',
      message: expect.stringMatching(/above the refundable amount/),
    });
    expect((await getProposal(ctx.db, ctx.approver, id)).status).toBe('pending');
  });

  it('returns a denied edit as denied and keeps the original pending', async () => {
    const id = await propose(300, 'BIG');
    const outcome = await editProposal(ctx.db, ctx.registry, ctx.admin, id, { args: { orderRef: 'BIG', amount: 9000 } });
    expect(outcome).toMatchObject({ status: 'denied', decision: 'deny', rule: 'refund-deny-huge' });
    expect((await getProposal(ctx.db, ctx.admin, id)).status).toBe('pending');
    expect((await getProposal(ctx.db, ctx.admin, outcome.proposalId!)).status).toBe('denied');
  });

  it('can never change the tool', async () => {
    const id = await propose(300, 'A-3');
    await expect(
      editProposal(ctx.db, ctx.registry, ctx.approver, id, { tool: 'test_add_note', args: { orderRef: 'A-3', text: 'hi' } }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/cannot change the tool/),
    });
  });

  it('validates edited arguments against the schema', async () => {
    const id = await propose(300, 'A-4');
    await expect(editProposal(ctx.db, ctx.registry, ctx.approver, id, { args: { orderRef: 'A-4', amount: 'lots' } })).rejects.toMatchObject(
      { code: 'validation_failed' },
    );
    await expect(editProposal(ctx.db, ctx.registry, ctx.approver, id, { args: { orderRef: 'A-4', amount: 300 } })).rejects.toMatchObject({
      code: 'validation_failed',
      message: /does not change/,
    });
    await expect(editProposal(ctx.db, ctx.registry, ctx.rep, id, { args: { orderRef: 'A-4', amount: 30 } })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('executes an edit the policy allows outright', async () => {
    const before = await countRows(ctx.db, ctx.tenant.id, 'test_refunds');
    const id = await propose(300, 'A-5');
    const outcome = await editProposal(ctx.db, ctx.registry, ctx.approver, id, { args: { orderRef: 'A-5', amount: 30 } });
    expect(outcome).toMatchObject({ status: 'executed', decision: 'allow', rule: 'refund-small' });
    expect(await countRows(ctx.db, ctx.tenant.id, 'test_refunds')).toBe(before + 1);
    expect((await getProposal(ctx.db, ctx.approver, id)).status).toBe('superseded');
  });
});
