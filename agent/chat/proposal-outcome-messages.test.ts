/**
 * A chat thread hears what became of its proposals: on the real policy gate, approvals, rejections,
 * edits, expiry and downstream answers (PGlite), each reported once in the thread that proposed it —
 * and the next turn's model is given those reports, fenced as system-written data.
 */
import type { BaseMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyActionConfirmed, applyActionFailed } from '../../core/actions/index.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { approveProposal, editProposal, expireProposals, rejectProposal } from '../../policies/index.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../../policies/testing/policy-test-context.ts';
import { messageText } from '../models/offline/conversation.ts';
import { refundingModel } from '../testing/refunding-model.ts';
import { createGatedToolbox } from '../toolbox/gated-toolbox.ts';
import { listThreadMessages } from '../transcripts/threads.ts';
import { runChat, type ChatDependencies } from './chat.ts';
import { registerChatOutcomeMessages } from './register-chat-outcomes.ts';
import { THREAD_EVENT_NOTICE } from './thread-event-context.ts';
import { getThreadView } from './thread-view.ts';

let context: PolicyTestContext;
let unregister: () => void;
/** What the model was shown on each call. */
const seen: BaseMessage[][] = [];

function deps(): ChatDependencies {
  return {
    db: context.db,
    model: { id: 'scripted', model: refundingModel(seen) },
    toolboxFor: (principal) => createGatedToolbox(context.db, context.registry, principal),
  };
}

async function proposeInChat(message: string, threadId?: string) {
  const result = await runChat(deps(), context.rep, { message, ...(threadId ? { threadId } : {}) });
  expect(result.proposals).toHaveLength(1);
  return { threadId: result.threadId, proposalId: result.proposals[0]!.id };
}

const events = async (threadId: string) =>
  (await listThreadMessages(context.db, context.tenant.id, threadId)).filter((message) => message.role === 'event');

beforeAll(async () => {
  context = await createPolicyTestContext();
  unregister = registerChatOutcomeMessages();
});
afterAll(async () => {
  unregister();
  await context.db.close();
});

describe('chat threads hear what became of their proposals', () => {
  it('reports an approval and the execution, then a confirmation and a later downstream failure, each once', async () => {
    const { threadId, proposalId } = await proposeInChat('please refund 120 on A-1');
    expect(await events(threadId)).toEqual([]);

    await approveProposal(context.db, context.registry, context.approver, proposalId, { comment: 'customer called twice' });
    let reported = await events(threadId);
    expect(reported.map((event) => event.data?.kind)).toEqual(['proposal.approved', 'action.executed']);
    expect(reported[0]!.content).toMatch(
      /test_issue_refund \(proposal [0-9a-f]{8}\) was approved by alex-approver: “customer called twice”/,
    );
    expect(reported[0]!.proposalId).toBe(proposalId);

    const confirm = (tx: Parameters<typeof applyActionConfirmed>[0]) =>
      applyActionConfirmed(tx, { proposalId, externalReference: 'PSP-77', system: 'stripe' });
    await withTenant(context.db, context.tenant.id, confirm);
    await withTenant(context.db, context.tenant.id, confirm); // the same confirmation again changes nothing
    await withTenant(context.db, context.tenant.id, (tx) =>
      applyActionFailed(tx, { proposalId, reason: 'refund reversed by the bank', system: 'stripe' }),
    );
    reported = await events(threadId);
    expect(reported.map((event) => event.data?.kind)).toEqual([
      'proposal.approved',
      'action.executed',
      'action.confirmed',
      'action.failed_downstream',
    ]);
    expect(reported[2]!.content).toMatch(/confirmed by stripe \(reference PSP-77\)/);
    expect(reported[3]!.content).toMatch(/failed downstream in stripe: “refund reversed by the bank”/);

    // The thread view (UI and API) shows the proposal's current status and downstream outcome.
    const view = await getThreadView(context.db, context.rep, threadId);
    expect(view.proposals).toHaveLength(1);
    expect(view.proposals[0]).toMatchObject({ id: proposalId, status: 'executed', downstream: { status: 'failed' } });
  });

  it('reports a rejection with its reason, and the next turn sees it as fenced, system-written data', async () => {
    const { threadId, proposalId } = await proposeInChat('please refund 130 on A-2');
    await rejectProposal(context.db, context.registry, context.approver, proposalId, { reason: 'outside the return window' });
    const [rejected] = await events(threadId);
    expect(rejected?.content).toMatch(/was rejected by alex-approver: “outside the return window”\. Nothing was executed\./);

    seen.length = 0;
    const next = await runChat(deps(), context.rep, { message: 'what happened to my refund?', threadId });
    expect(next.status).toBe('completed');
    const shown = seen[0]!.map((message) => ({ type: message.getType(), text: messageText(message) }));
    const notice = shown.find((message) => message.text.startsWith(THREAD_EVENT_NOTICE));
    expect(notice?.type).toBe('human');
    expect(notice?.text).toContain('<proposal_update untrusted="true">');
    expect(notice?.text).toContain('outside the return window');
    // In order: the person's first turn, the copilot's answer, the event, then the new question.
    expect(shown.at(-1)!.text).toBe('what happened to my refund?');
    expect(shown.indexOf(notice!)).toBe(shown.length - 2);
  });

  it('reports an edit (the thread follows the new revision) and an expiry', async () => {
    const { threadId, proposalId } = await proposeInChat('please refund 140 on A-3');
    await editProposal(context.db, context.registry, context.approver, proposalId, {
      args: { orderRef: 'A-3', amount: 90 },
      comment: 'only the damaged item',
    });
    const [edited] = await events(threadId);
    expect(edited?.data).toMatchObject({ kind: 'proposal.edited', by: 'alex-approver', revision: 2 });
    expect(edited?.content).toMatch(/was edited by alex-approver into revision 2 .*“only the damaged item”/);

    const view = await getThreadView(context.db, context.rep, threadId);
    expect(view.proposals).toHaveLength(1);
    expect(view.proposals[0]).toMatchObject({ rootId: proposalId, revision: 2, status: 'pending', args: { amount: 90 } });

    await expireProposals(context.db, { now: new Date(Date.now() + 30 * 24 * 3600_000) });
    const kinds = (await events(threadId)).map((event) => event.data?.kind);
    expect(kinds).toEqual(['proposal.edited', 'proposal.expired']);
    expect((await getThreadView(context.db, context.rep, threadId)).proposals[0]!.status).toBe('expired');
  });

  it('does not repeat what the turn itself reported (an allowed refund) and tells nobody else’s thread', async () => {
    const allowed = await runChat(deps(), context.rep, { message: 'please refund 20 on A-4' });
    expect(allowed.proposals[0]?.status).toBe('executed');
    expect(await events(allowed.threadId)).toEqual([]);

    // Another thread's decision is reported in that thread only.
    const other = await proposeInChat('please refund 150 on A-5');
    await rejectProposal(context.db, context.registry, context.approver, other.proposalId, { reason: 'duplicate' });
    expect((await events(other.threadId)).length).toBe(1);
    expect(await events(allowed.threadId)).toEqual([]);
  });
});
