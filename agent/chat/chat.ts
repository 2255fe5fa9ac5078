/**
 * The chat copilot: one user turn in a thread (new or continued), answered by the agent loop with the
 * thread's earlier turns as context. Threads belong to one user in one tenant.
 */
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { parseOrThrow } from '../../core/errors.ts';
import { findTenant } from '../../core/tenants/tenants.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { Citation } from '../../retrieval/citation.ts';
import type { AgentEventSink } from '../events.ts';
import type { AgentLimitsInput } from '../limits.ts';
import type { ModelHandle } from '../models/model-handle.ts';
import { chatSystemPrompt } from '../prompts/system-prompts.ts';
import { runAgent } from '../run/run-agent.ts';
import type { AgentToolbox } from '../toolbox/toolbox.ts';
import { appendThreadMessages, createThread, deleteThreadIfEmpty, getThread, listThreadMessages } from '../transcripts/threads.ts';
import type { TranscriptProposal } from '../transcripts/transcript-schema.ts';

export const chatRequestSchema = z.object({
  message: z.string().trim().min(1, 'must not be empty').max(4000, 'at most 4000 characters'),
  threadId: z.uuid().optional(),
});
export type ChatRequest = z.input<typeof chatRequestSchema>;

export interface ChatDependencies {
  db: Database;
  model: ModelHandle;
  /** The tools this principal's chat may use (the gated toolbox in production). */
  toolboxFor: (principal: Principal) => AgentToolbox;
  limits?: AgentLimitsInput;
  /** Earlier turns given to the model; older ones are dropped. */
  historyTurns?: number;
}

export interface ChatResult {
  threadId: string;
  runId: string;
  status: 'completed' | 'failed';
  answer: string;
  citations: Citation[];
  proposals: TranscriptProposal[];
  error: { code: string; message: string } | null;
}

/** What the thread keeps when a run fails: the failure, and exactly what (if anything) the gate did meanwhile. */
function failureReply(error: { message: string } | null, proposals: readonly TranscriptProposal[]): string {
  const done = proposals.map((proposal) =>
    proposal.status === 'executed'
      ? `${proposal.tool} was executed.`
      : `${proposal.tool} was not executed (${proposal.status}, proposal ${proposal.id}).`,
  );
  return [`Sorry, I could not finish answering that${error ? ` (${error.message})` : ''}.`, ...done].join(' ');
}

export async function runChat(
  deps: ChatDependencies,
  principal: Principal,
  request: ChatRequest,
  options: { onEvent?: AgentEventSink; signal?: AbortSignal } = {},
): Promise<ChatResult> {
  const { message, threadId } = parseOrThrow(chatRequestSchema, request, 'chat request');
  const { db } = deps;
  const thread = threadId
    ? await getThread(db, principal.tenantId, principal.userId, threadId)
    : await createThread(db, principal.tenantId, principal.userId, message);
  try {
    // Event turns (what became of the thread's proposals since) come along, so the next answer knows.
    const history = (await listThreadMessages(db, principal.tenantId, thread.id, (deps.historyTurns ?? 10) * 2)).map((turn) => ({
      role: turn.role,
      content: turn.content,
    }));
    const result = await runAgent({
      db,
      toolbox: deps.toolboxFor(principal),
      model: deps.model,
      principal,
      kind: 'chat',
      systemPrompt: chatSystemPrompt({ principal, timeZone: (await findTenant(db, principal.tenantId))?.timezone ?? 'UTC' }),
      input: { message, history },
      threadId: thread.id,
      ...(deps.limits ? { limits: deps.limits } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const reply = result.status === 'completed' && result.answer ? result.answer : failureReply(result.error, result.proposals);
    await appendThreadMessages(db, principal.tenantId, thread.id, [
      { role: 'user', content: message },
      { role: 'assistant', content: reply, runId: result.runId },
    ]);
    return {
      threadId: thread.id,
      runId: result.runId,
      status: result.status,
      answer: reply,
      citations: result.citations,
      proposals: result.proposals,
      error: result.error,
    };
  } catch (error) {
    // Nothing half-written: a thread this turn created and could not fill is removed again.
    if (!threadId) await deleteThreadIfEmpty(db, principal.tenantId, thread.id).catch(() => undefined);
    throw error;
  }
}
