import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { listOutboxMessages } from '../../core/outbox/index.ts';
import { listAuditEntries } from '../audit/list-audit-entries.ts';
import { applyPolicy } from '../policy-store.ts';
import { invokeTool } from '../proposals/invoke-tool.ts';
import { findProposal } from '../proposals/proposal-store.ts';
import { createPrincipal } from '../testing/fixtures.ts';
import { createPolicyTestContext, TEST_POLICY, type PolicyTestContext } from '../testing/policy-test-context.ts';
import { changeProposalAssignment } from './change-assignment.ts';
import { escalateDueWork } from './escalate-work.ts';
import { listAssignedPendingProposals, readProposalAssignments } from './proposal-assignments.ts';
import { registerWorkRouting } from './register-work-routing.ts';

const ROUTING = `
proposalTtlHours: 24
routing:
  defaultQueue: approvals
  queues:
    - id: approvals
      members: [alex-approver, bo-approver]
      lead: ada-admin
    - id: big-money
      members: [ada-admin]
      onCall: ada-admin
  rules:
    - id: big-refunds
      when: { subject: proposal, tool: test_issue_refund, amount: { gt: 300 } }
      queue: big-money
      reason: Refunds above 300 go to the big-money queue.
  escalation:
    proposals:
      - { notify: queue, minutesBeforeExpiry: 240 }
      - { notify: queueLead, minutesBeforeExpiry: 60 }
`;

describe('routing proposals to approvers', () => {
  let ctx: PolicyTestContext;
  const propose = async (amount: number, orderRef: string) => {
    const outcome = await invokeTool(ctx.db, ctx.registry, {
      principal: ctx.rep,
      tool: 'test_issue_refund',
      args: { orderRef, amount },
      origin: { kind: 'agent', ref: 'run-1' },
    });
    expect(outcome.status).toBe('pending_approval');
    return outcome.proposalId!;
  };

  beforeAll(async () => {
    registerWorkRouting();
    ctx = await createPolicyTestContext({ policy: null });
    await applyPolicy(ctx.db, ctx.tenant.id, `${TEST_POLICY}${ROUTING}`);
  });
  afterAll(() => ctx.db.close());

  it('routes a pending proposal by tool and amount, else to the default queue, with a notice', async () => {
    const big = await propose(400, 'A-1');
    const small = await propose(120, 'A-2');
    const assignments = await withTenant(ctx.db, ctx.tenant.id, async (tx) => {
      const ids = await Promise.all([big, small].map(async (id) => (await findProposal(tx, id))!.rootId));
      return readProposalAssignments(tx, ids);
    });
    expect(assignments.get(big)).toMatchObject({ queue: 'big-money', owner: null, reason: { rule: 'big-refunds', by: 'rule' } });
    expect(assignments.get(small)).toMatchObject({ queue: 'approvals', reason: { rule: 'default:queue' } });
    const notice = (await withTenant(ctx.db, ctx.tenant.id, (tx) => listOutboxMessages(tx, { type: 'work.assigned' }))).find(
      (message) => (message.payload.subject as { id: string }).id === big,
    );
    expect(notice?.payload).toMatchObject({
      subject: { kind: 'proposal', type: 'test_issue_refund', status: 'pending' },
      link: `/approvals/${big}`,
      recipients: { queues: ['big-money'], users: [] },
      deadline: expect.any(String),
    });
    const mine = await withTenant(ctx.db, ctx.tenant.id, (tx) =>
      listAssignedPendingProposals(tx, { owner: 'alex-approver', queues: ['approvals'] }),
    );
    expect(mine.map((entry) => entry.proposal.id)).toEqual([small]);
  });

  it('take and hand over a proposal; a rep cannot be handed a queue that does not exist', async () => {
    const id = await propose(200, 'A-3');
    const taken = await changeProposalAssignment(ctx.db, ctx.approver, id, { action: 'take' });
    expect(taken).toMatchObject({ owner: 'alex-approver', queue: 'approvals' });
    await expect(changeProposalAssignment(ctx.db, ctx.approver2, id, { action: 'take' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      changeProposalAssignment(ctx.db, ctx.approver, id, { action: 'hand_over', to: { queue: 'ghosts' }, note: 'n' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    const handed = await changeProposalAssignment(ctx.db, ctx.approver, id, {
      action: 'hand_over',
      to: { owner: 'bo-approver' },
      note: 'Bo knows this customer',
    });
    expect(handed).toMatchObject({
      owner: 'bo-approver',
      reason: { by: 'person', reason: expect.stringMatching(/Bo knows this customer/) },
    });
    const audit = await listAuditEntries(ctx.db, ctx.tenant.id, { entityId: id });
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['proposal.assigned', 'proposal.taken', 'proposal.handed_over']),
    );
    const stranger = await createPrincipal(ctx.db, ctx.other.id, ['admin'], 'mallory');
    await expect(changeProposalAssignment(ctx.db, stranger, id, { action: 'take' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('escalates a pending proposal before it expires, each rung once', async () => {
    const id = await propose(450, 'A-4');
    const proposal = (await withTenant(ctx.db, ctx.tenant.id, (tx) => findProposal(tx, id)))!;
    const expires = proposal.expiresAt!.getTime();
    const steps = async () =>
      (await listAuditEntries(ctx.db, ctx.tenant.id, { entityId: id, action: 'proposal.escalated' }))
        .map((entry) => entry.after as { step: number; notify: string; recipients: unknown })
        .reverse();
    await escalateDueWork(ctx.db, new Date(expires - 241 * 60_000));
    expect(await steps()).toEqual([]);
    await escalateDueWork(ctx.db, new Date(expires - 239 * 60_000));
    await escalateDueWork(ctx.db, new Date(expires - 239 * 60_000));
    expect(await steps()).toMatchObject([{ step: 1, notify: 'queue', recipients: { queues: ['big-money'], users: [] } }]);
    await escalateDueWork(ctx.db, new Date(expires - 30 * 60_000));
    // big-money has no lead: the rung falls back to the whole queue rather than telling nobody.
    expect(await steps()).toMatchObject([
      { step: 1, notify: 'queue' },
      { step: 2, notify: 'queueLead', recipients: { queues: ['big-money'], users: [] } },
    ]);
    const notices = (await withTenant(ctx.db, ctx.tenant.id, (tx) => listOutboxMessages(tx, { type: 'work.escalated' }))).filter(
      (message) => (message.payload.subject as { id: string }).id === id,
    );
    expect(notices.map((message) => message.payload.step).reverse()).toEqual([
      { number: 1, notify: 'queue', clock: 'expiry' },
      { number: 2, notify: 'queueLead', clock: 'expiry' },
    ]);
    expect(String(notices[0]!.payload.reason)).toMatch(/expires in 30 minutes/);
  });
});
