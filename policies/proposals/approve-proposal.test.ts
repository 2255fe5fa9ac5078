import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withTenant } from '../../core/db/tenant-scope.ts';
import type { Tx } from '../../core/db/database.ts';
import { verifyAuditChain } from '../audit/verify-audit-chain.ts';
import { applyPolicy } from '../policy-store.ts';
import { countRows } from '../testing/fixtures.ts';
import { createPolicyTestContext, TEST_POLICY, type PolicyTestContext } from '../testing/policy-test-context.ts';
import { approveProposal } from './approve-proposal.ts';
import { expireProposals } from './expire-proposals.ts';
import { invokeTool } from './invoke-tool.ts';
import { getProposal } from './list-proposals.ts';
import { onProposalSettled, type ProposalEvent } from './proposal-events.ts';
import { rejectProposal } from './reject-proposal.ts';

describe('approving and rejecting proposals', () => {
  let ctx: PolicyTestContext;
  const propose = async (amount: number, orderRef = 'A-1', principal = ctx.rep, extra: Record<string, unknown> = {}) => {
    const outcome = await invokeTool(ctx.db, ctx.registry, {
      principal,
      tool: 'test_issue_refund',
      args: { orderRef, amount },
      origin: { kind: 'agent', ref: 'run-7' },
      ...extra,
    });
    expect(outcome.status).toBe('pending_approval');
    return outcome.proposalId!;
  };
  const refunded = (ref: string) =>
    withTenant(
      ctx.db,
      ctx.tenant.id,
      async (tx) => (await tx.query<{ refunded: number }>('SELECT refunded FROM test_orders WHERE ref = $1', [ref])).rows[0]!.refunded,
    );

  beforeAll(async () => {
    ctx = await createPolicyTestContext();
  });
  afterAll(() => ctx.db.close());

  it('executes on approval, exactly once', async () => {
    const id = await propose(120, 'A-1');
    const outcome = await approveProposal(ctx.db, ctx.registry, ctx.approver, id, { comment: 'checked the photos' });
    expect(outcome).toMatchObject({ status: 'executed', decision: 'require_approval', proposalId: id, result: { refunded: 120 } });
    expect(outcome.reason).toMatch(/^approved by alex-approver/);
    await expect(approveProposal(ctx.db, ctx.registry, ctx.admin, id)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/already executed/),
    });
    expect(await refunded('A-1')).toBe(120);
    const detail = await getProposal(ctx.db, ctx.approver, id);
    expect(detail.approvals).toEqual([
      expect.objectContaining({ userId: ctx.approver.userId, decision: 'approve', comment: 'checked the photos' }),
    ]);
  });

  it('never lets a rep approve', async () => {
    const id = await propose(100, 'A-2', ctx.approver2);
    await expect(approveProposal(ctx.db, ctx.registry, ctx.rep, id)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/needs the approver role/),
    });
    expect((await getProposal(ctx.db, ctx.admin, id)).status).toBe('pending');
  });

  it('never lets the proposer approve their own proposal (four-eyes), even holding the role', async () => {
    const id = await propose(100, 'A-2', ctx.approver2);
    await expect(approveProposal(ctx.db, ctx.registry, ctx.approver2, id)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/four-eyes/),
    });
    expect((await approveProposal(ctx.db, ctx.registry, ctx.approver, id)).status).toBe('executed');
  });

  it('enforces the approver’s authority limit', async () => {
    const id = await propose(800, 'A-3');
    await expect(approveProposal(ctx.db, ctx.registry, ctx.approver, id)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/needs the admin role/),
    });
    expect((await approveProposal(ctx.db, ctx.registry, ctx.admin, id)).status).toBe('executed');
  });

  it('makes another tenant’s proposal not found', async () => {
    const id = await propose(100, 'A-4');
    await expect(approveProposal(ctx.db, ctx.registry, ctx.otherApprover, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(rejectProposal(ctx.db, ctx.registry, ctx.otherApprover, id, { reason: 'mine now' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(getProposal(ctx.db, ctx.otherApprover, id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await getProposal(ctx.db, ctx.approver, id)).status).toBe('pending');
  });

  it('rejects with a reason; a rejected proposal can no longer be approved', async () => {
    const id = await propose(100, 'A-5');
    await expect(rejectProposal(ctx.db, ctx.registry, ctx.approver, id, { reason: ' ' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(rejectProposal(ctx.db, ctx.registry, ctx.rep, id, { reason: 'no' })).rejects.toMatchObject({ code: 'forbidden' });
    const rejected = await rejectProposal(ctx.db, ctx.registry, ctx.approver, id, { reason: 'customer already got a replacement' });
    expect(rejected).toMatchObject({ status: 'rejected', error: { code: 'rejected', message: 'customer already got a replacement' } });
    await expect(approveProposal(ctx.db, ctx.registry, ctx.admin, id)).rejects.toMatchObject({ code: 'conflict' });
    expect(await refunded('A-5')).toBe(0);
  });

  it('re-checks preconditions at approval: if state moved, it fails and changes nothing', async () => {
    const id = await propose(1500, 'A-6');
    const other = await propose(1000, 'A-6');
    expect((await approveProposal(ctx.db, ctx.registry, ctx.admin, other)).status).toBe('executed');
    const outcome = await approveProposal(ctx.db, ctx.registry, ctx.admin, id);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'precondition_failed' } });
    expect(await refunded('A-6')).toBe(1000);
    expect((await getProposal(ctx.db, ctx.admin, id)).status).toBe('failed');
  });

  it('decides again at approval: a policy tightened since then prevents execution', async () => {
    const id = await propose(300, 'A-7');
    const strict = TEST_POLICY.replace('gt: 5000', 'gt: 200');
    await applyPolicy(ctx.db, ctx.tenant.id, strict);
    const outcome = await approveProposal(ctx.db, ctx.registry, ctx.approver, id);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'policy_denied' } });
    expect(await refunded('A-7')).toBe(0);
    await applyPolicy(ctx.db, ctx.tenant.id, TEST_POLICY);
  });

  it('expires pending proposals past their time, on approval and by sweep', async () => {
    const id = await propose(100, 'A-8');
    const later = new Date(Date.now() + 73 * 3_600_000);
    await expect(approveProposal(ctx.db, ctx.registry, ctx.approver, id, {}, { now: later })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/expired/),
    });
    expect((await getProposal(ctx.db, ctx.approver, id)).status).toBe('expired');
    const swept = await propose(100, 'A-8');
    expect(await expireProposals(ctx.db, { now: later })).toBeGreaterThanOrEqual(1);
    expect((await getProposal(ctx.db, ctx.approver, swept)).status).toBe('expired');
  });

  it('tells listeners about settled proposals inside the settling transaction', async () => {
    const events: ProposalEvent[] = [];
    const seenInTransaction: string[] = [];
    const stop = onProposalSettled(async (event, tx: Tx) => {
      events.push(event);
      const row = await tx.query<{ status: string }>('SELECT status FROM proposals WHERE id = $1', [event.proposalId]);
      seenInTransaction.push(row.rows[0]!.status);
    });
    const failing = onProposalSettled(() => {
      throw new Error('listener bug');
    });
    try {
      const exceptionId = '00000000-0000-4000-8000-00000000e001';
      const id = await propose(100, 'A-9', ctx.rep, { exceptionId });
      await approveProposal(ctx.db, ctx.registry, ctx.approver, id);
      const rejectedId = await propose(100, 'A-9', ctx.rep, { exceptionId });
      await rejectProposal(ctx.db, ctx.registry, ctx.approver, rejectedId, { reason: 'duplicate' });
      expect(events.map((event) => [event.status, event.exceptionId])).toEqual([
        ['executed', exceptionId],
        ['rejected', exceptionId],
      ]);
      expect(seenInTransaction).toEqual(['executed', 'rejected']);
      expect(await refunded('A-9')).toBe(100);
    } finally {
      stop();
      failing();
    }
  });

  it('answers a repeated identical call by the same principal and run with the pending proposal, not a second one', async () => {
    const first = await propose(130, 'A-17');
    const again = await propose(130, 'A-17');
    expect(again).toBe(first);
    // Another run, another principal or other arguments are other requests.
    expect(await propose(130, 'A-17', ctx.rep, { runId: 'run-other' })).not.toBe(first);
    expect(await propose(130, 'A-17', ctx.approver2)).not.toBe(first);
    expect(await propose(131, 'A-17')).not.toBe(first);
  });

  it('never executes two identical refunds, whoever proposed them', async () => {
    const byRep = await propose(140, 'A-18');
    const byOther = await propose(140, 'A-18', ctx.approver2);
    expect(byOther).not.toBe(byRep);
    expect(await approveProposal(ctx.db, ctx.registry, ctx.approver, byRep)).toMatchObject({ status: 'executed' });
    const second = await approveProposal(ctx.db, ctx.registry, ctx.admin, byOther);
    expect(second).toMatchObject({ status: 'failed', error: { code: 'duplicate_action', details: { duplicateOf: byRep } } });
    expect(await refunded('A-18')).toBe(140);
  });

  it('writes every step to an intact audit chain', async () => {
    const report = await verifyAuditChain(ctx.db, ctx.tenant.id);
    expect(report.ok).toBe(true);
    expect(report.tenants[0]!.entries).toBeGreaterThan(30);
    expect(await countRows(ctx.db, ctx.tenant.id, 'test_refunds')).toBe(6);
  });

  it('inspects again at approval, in the approving transaction', async () => {
    const id = await propose(120, 'A-19');
    const inspect = vi.spyOn(ctx.registry.get('test_issue_refund')!, 'inspect');
    try {
      expect((await approveProposal(ctx.db, ctx.registry, ctx.admin, id)).status).toBe('executed');
      // To decide again on current state; execution follows in the same transaction on that state (run() re-checks its own preconditions).
      expect(inspect).toHaveBeenCalledTimes(1);
    } finally {
      inspect.mockRestore();
    }
  });
});
