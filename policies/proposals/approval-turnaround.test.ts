import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../testing/policy-test-context.ts';
import { approvalTurnaround } from './approval-turnaround.ts';
import { approveProposal } from './approve-proposal.ts';
import { invokeTool } from './invoke-tool.ts';
import { rejectProposal } from './reject-proposal.ts';

describe('approvalTurnaround', () => {
  let ctx: PolicyTestContext;
  const now = new Date();
  const window = { from: new Date(now.getTime() - 86_400_000), to: new Date(now.getTime() + 3_600_000) };

  const propose = async (amount: number, principal = ctx.rep) => {
    const outcome = await invokeTool(ctx.db, ctx.registry, {
      principal,
      tool: 'test_issue_refund',
      args: { orderRef: 'A-1', amount },
      origin: { kind: 'agent', ref: 'run-1' },
    });
    return outcome.proposalId!;
  };
  /** Moves a proposal's creation back so it waited `hours` before it was settled (or until now). */
  const waited = (id: string, hours: number) =>
    withTenant(ctx.db, ctx.tenant.id, (tx) =>
      tx.query(`UPDATE proposals SET created_at = coalesce(settled_at, now()) - make_interval(secs => $2::float8) WHERE id = $1`, [
        id,
        hours * 3600,
      ]),
    );

  beforeAll(async () => {
    ctx = await createPolicyTestContext();
    // Four decided by a person: waits of 1, 2, 3 and 10 hours; one rejected.
    for (const [hours, reject] of [
      [1, false],
      [2, false],
      [3, true],
      [10, false],
    ] as const) {
      const id = await propose(100);
      if (reject) await rejectProposal(ctx.db, ctx.registry, ctx.approver, id, { reason: 'not this one' });
      else await approveProposal(ctx.db, ctx.registry, ctx.approver, id);
      await waited(id, hours);
    }
    // Automatic (allowed) refunds never waited for anyone: not counted.
    await propose(20);
    // Two still waiting, the older for 5 hours; one proposed by the approver themself.
    await waited(await propose(200), 5);
    await waited(await propose(300, ctx.approver2), 1);
  });
  afterAll(() => ctx.db.close());

  it('aggregates every decided proposal of the tenant for approvers', async () => {
    const turnaround = await approvalTurnaround(ctx.db, ctx.approver, window, now);
    expect(turnaround).toMatchObject({
      decided: 4,
      approved: 3,
      rejected: 1,
      averageHours: 4,
      medianHours: 2,
      p90Hours: 10,
      pending: 2,
      scope: 'tenant',
    });
    expect(turnaround.oldestPendingHours).toBeGreaterThanOrEqual(5);
    expect(turnaround.oldestPendingHours).toBeLessThan(5.2);
  });

  it('limits a rep to the proposals they made', async () => {
    const turnaround = await approvalTurnaround(ctx.db, ctx.approver2, window, now);
    expect(turnaround).toMatchObject({ scope: 'tenant', pending: 2 });
    const own = await approvalTurnaround(ctx.db, ctx.rep, window, now);
    expect(own).toMatchObject({ scope: 'own', decided: 4, pending: 1 });
  });

  it('counts only proposals settled inside the window', async () => {
    const later = { from: new Date(now.getTime() + 3_600_000), to: new Date(now.getTime() + 7_200_000) };
    expect(await approvalTurnaround(ctx.db, ctx.approver, later, now)).toMatchObject({
      decided: 0,
      averageHours: null,
      medianHours: null,
      p90Hours: null,
      pending: 2,
    });
  });

  it('shows another tenant nothing', async () => {
    expect(await approvalTurnaround(ctx.db, ctx.otherApprover, window, now)).toMatchObject({
      decided: 0,
      pending: 0,
      oldestPendingHours: null,
    });
  });
});
