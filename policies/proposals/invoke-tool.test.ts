import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listAuditEntries } from '../audit/list-audit-entries.ts';
import { verifyAuditChain } from '../audit/verify-audit-chain.ts';
import { countRows } from '../testing/fixtures.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../testing/policy-test-context.ts';
import { getProposal, listProposals } from './list-proposals.ts';
import { invokeTool } from './invoke-tool.ts';

describe('invokeTool (the policy gate)', () => {
  let ctx: PolicyTestContext;
  const call = (principal: PolicyTestContext['rep'], tool: string, args: unknown, extra: Record<string, unknown> = {}) =>
    invokeTool(ctx.db, ctx.registry, { principal, tool, args, origin: { kind: 'user', ref: 'test' }, ...extra });

  beforeAll(async () => {
    ctx = await createPolicyTestContext();
  });
  afterAll(() => ctx.db.close());

  it('runs a read tool for a caller with its role', async () => {
    const outcome = await call(ctx.rep, 'test_get_order', { orderRef: 'A-1' });
    expect(outcome).toMatchObject({
      decision: 'allow',
      status: 'ok',
      rule: 'default:read',
      policyVersion: 1,
      result: { ref: 'A-1', total: 2000, refunded: 0 },
    });
  });

  it('returns a read tool’s typed error as a failed outcome', async () => {
    const outcome = await call(ctx.rep, 'test_get_order', { orderRef: 'NOPE' });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
  });

  it('denies a caller without the tool’s roles, and records it', async () => {
    const outcome = await call(ctx.rep, 'test_admin_report', {});
    expect(outcome).toMatchObject({ decision: 'deny', status: 'denied', rule: 'default:role' });
    expect(outcome.reason).toMatch(/only by admin/);
    const entries = await listAuditEntries(ctx.db, ctx.tenant.id, { action: 'tool.denied' });
    expect(entries[0]).toMatchObject({ entityId: 'test_admin_report', actor: { userId: ctx.rep.userId } });
    expect((await call(ctx.admin, 'test_admin_report', {})).status).toBe('ok');
  });

  it('denies unknown tools', async () => {
    const outcome = await call(ctx.admin, 'drop_database', { everything: true });
    expect(outcome).toMatchObject({ decision: 'deny', status: 'denied', rule: 'default:unknown-tool' });
  });

  it('turns arguments outside the schema into a typed validation failure', async () => {
    for (const args of [
      { orderRef: 'A-1', amount: -5 },
      { orderRef: 'A-1' },
      'refund everything',
      null,
      { orderRef: 'A-1', amount: 5, extra: 1 },
    ]) {
      const outcome = await call(ctx.rep, 'test_issue_refund', args);
      expect(outcome).toMatchObject({ status: 'failed', decision: 'deny', error: { code: 'validation_failed' } });
    }
    const nul = await call(ctx.rep, 'test_get_order', { orderRef: 'A\u0000' });
    expect(nul).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
    expect(await countRows(ctx.db, ctx.tenant.id, 'test_refunds')).toBe(0);
  });

  it('executes an allowed write at once and records the proposal with its evidence', async () => {
    const outcome = await call(
      ctx.rep,
      'test_issue_refund',
      { orderRef: 'A-2', amount: 20 },
      { rationale: 'damaged item', exceptionId: '00000000-0000-4000-8000-0000000000aa' },
    );
    expect(outcome).toMatchObject({
      decision: 'allow',
      status: 'executed',
      rule: 'refund-small',
      policyVersion: 1,
      result: { refunded: 20 },
    });
    const proposal = await getProposal(ctx.db, ctx.approver, outcome.proposalId!);
    expect(proposal).toMatchObject({
      status: 'executed',
      decision: 'allow',
      ruleId: 'refund-small',
      evidence: { amount: 20, orderValue: 2000, refundable: 2000, customerTier: 'standard' },
      rationale: 'damaged item',
      exceptionId: '00000000-0000-4000-8000-0000000000aa',
      proposer: { userId: ctx.rep.userId },
      origin: { kind: 'user', ref: 'test' },
    });
    expect(await countRows(ctx.db, ctx.tenant.id, 'test_refunds')).toBe(1);
  });

  it('inspects an allowed write once: its execution runs on the state that inspection saw, in the same transaction', async () => {
    const tool = ctx.registry.get('test_issue_refund')!;
    const inspect = vi.spyOn(tool, 'inspect');
    try {
      const outcome = await call(ctx.rep, 'test_issue_refund', { orderRef: 'A-2', amount: 10 });
      expect(outcome).toMatchObject({ status: 'executed', result: { refunded: 30 } });
      expect(inspect).toHaveBeenCalledTimes(1);
    } finally {
      inspect.mockRestore();
    }
  });

  it('leaves a write that needs approval pending, with no effect', async () => {
    const before = await countRows(ctx.db, ctx.tenant.id, 'test_refunds');
    const outcome = await call(ctx.rep, 'test_issue_refund', { orderRef: 'A-3', amount: 120 });
    expect(outcome).toMatchObject({
      decision: 'require_approval',
      status: 'pending_approval',
      approverRole: 'approver',
      rule: 'refund-approval',
    });
    expect(outcome.proposalId).toBeDefined();
    expect(await countRows(ctx.db, ctx.tenant.id, 'test_refunds')).toBe(before);
  });

  it('routes an amount above the approver’s authority to an admin', async () => {
    const outcome = await call(ctx.rep, 'test_issue_refund', { orderRef: 'A-3', amount: 800 });
    expect(outcome).toMatchObject({ decision: 'require_approval', approverRole: 'admin' });
    expect(outcome.reason).toMatch(/above the approver authority limit of 500/);
  });

  it('records a denied write and never executes it', async () => {
    const outcome = await call(ctx.admin, 'test_issue_refund', { orderRef: 'BIG', amount: 6000 });
    expect(outcome).toMatchObject({
      decision: 'deny',
      status: 'denied',
      rule: 'refund-deny-huge',
      reason: 'Refunds above 5000 are never allowed.',
    });
    const proposal = await getProposal(ctx.db, ctx.admin, outcome.proposalId!);
    expect(proposal).toMatchObject({ status: 'denied', decision: 'deny', evidence: { amount: 6000 } });
    expect((await call(ctx.rep, 'test_get_order', { orderRef: 'BIG' })).result).toMatchObject({ refunded: 0 });
  });

  it('refuses a write whose preconditions fail, before deciding', async () => {
    const outcome = await call(ctx.rep, 'test_issue_refund', { orderRef: 'A-3', amount: 2500 });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'precondition_failed', details: { refundable: 2000 } } });
    expect(outcome.proposalId).toBeUndefined();
  });

  it('rolls back a failed execution and records why', async () => {
    const before = await countRows(ctx.db, ctx.tenant.id, 'test_refunds');
    const outcome = await call(ctx.rep, 'test_failing_write', { orderRef: 'A-4' });
    expect(outcome).toMatchObject({
      decision: 'allow',
      status: 'failed',
      error: { code: 'internal', message: expect.stringMatching(/division by zero/) },
    });
    expect(await countRows(ctx.db, ctx.tenant.id, 'test_refunds')).toBe(before);
    const proposal = await getProposal(ctx.db, ctx.admin, outcome.proposalId!);
    expect(proposal.status).toBe('failed');
  });

  it('requires approval once the hourly budget of automatic calls is used up', async () => {
    const now = new Date('2030-01-01T10:00:00Z');
    const outcomes = [];
    for (let i = 0; i < 4; i++)
      outcomes.push(
        await invokeTool(
          ctx.db,
          ctx.registry,
          { principal: ctx.rep, tool: 'test_issue_refund', args: { orderRef: 'A-5', amount: 10 }, origin: { kind: 'agent', ref: 'run-1' } },
          { now },
        ),
      );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['executed', 'executed', 'executed', 'pending_approval']);
    expect(outcomes[3]!.reason).toMatch(/budget of 3 automatic calls per hour is used up/);
    // An hour later the budget is available again.
    const later = await invokeTool(
      ctx.db,
      ctx.registry,
      { principal: ctx.rep, tool: 'test_issue_refund', args: { orderRef: 'A-5', amount: 10 }, origin: { kind: 'agent' } },
      { now: new Date('2030-01-01T11:00:01Z') },
    );
    expect(later.status).toBe('executed');
  });

  it('lets reps list only their own proposals; approvers see all', async () => {
    await call(ctx.approver2, 'test_issue_refund', { orderRef: 'A-6', amount: 70 });
    const mine = await listProposals(ctx.db, ctx.rep);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((proposal) => proposal.proposer.userId === ctx.rep.userId)).toBe(true);
    const all = await listProposals(ctx.db, ctx.approver);
    expect(all.some((proposal) => proposal.proposer.userId === ctx.approver2.userId)).toBe(true);
    expect(await listProposals(ctx.db, ctx.otherApprover)).toEqual([]);
  });

  it('keeps the audit chain intact through all of it', async () => {
    const entries = await listAuditEntries(ctx.db, ctx.tenant.id, { limit: 1000 });
    const actions = new Set(entries.map((entry) => entry.action));
    for (const action of ['policy.applied', 'proposal.created', 'proposal.executed', 'proposal.failed', 'tool.denied'])
      expect(actions).toContain(action);
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true);
  });
});
