/**
 * One chat thread as its owner sees it: the turns (the person's, the copilot's and the system's event
 * turns) and every action the thread proposed with its current status — the latest revision of each,
 * and what the system of record said once it ran.
 */
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { listProposalsOfRuns, type RunProposal } from '../../policies/index.ts';
import { getThread, listThreadMessages, listThreadRunIds, type Thread, type ThreadMessage } from '../transcripts/threads.ts';

export interface ThreadProposalView {
  id: string;
  rootId: string;
  revision: number;
  tool: string;
  args: unknown;
  status: string;
  decision: string;
  approverRole: string | null;
  reason: string;
  error: { code: string; message: string } | null;
  downstream: { status: string; externalReference: string | null; failureReason: string | null } | null;
  runId: string | null;
  updatedAt: Date;
}

export interface ThreadView {
  thread: Thread;
  messages: ThreadMessage[];
  proposals: ThreadProposalView[];
}

function toView(proposal: RunProposal): ThreadProposalView {
  return {
    id: proposal.id,
    rootId: proposal.rootId,
    revision: proposal.revision,
    tool: proposal.tool,
    args: proposal.args,
    status: proposal.status,
    decision: proposal.decision,
    approverRole: proposal.approverRole,
    reason: proposal.reason,
    error: proposal.error ? { code: proposal.error.code, message: proposal.error.message } : null,
    // Executed with no confirmation expected (the tenant set no window) and none received: nothing to say downstream.
    downstream:
      proposal.downstream && !(proposal.downstream.status === 'executed' && proposal.downstream.confirmBy === null)
        ? {
            status: proposal.downstream.status,
            externalReference: proposal.downstream.externalReference,
            failureReason: proposal.downstream.failureReason,
          }
        : null,
    runId: proposal.runId,
    updatedAt: proposal.updatedAt,
  };
}

/** The caller's own thread (another user's or tenant's is not found), with up to `limit` recent turns. */
export async function getThreadView(db: Database, principal: Principal, threadId: string, limit = 200): Promise<ThreadView> {
  const thread = await getThread(db, principal.tenantId, principal.userId, threadId);
  const [messages, runIds] = await Promise.all([
    listThreadMessages(db, principal.tenantId, thread.id, limit),
    listThreadRunIds(db, principal.tenantId, thread.id),
  ]);
  const proposals = await withTenant(db, principal.tenantId, (tx) => listProposalsOfRuns(tx, runIds));
  return { thread, messages, proposals: proposals.map(toView) };
}
