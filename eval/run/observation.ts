/**
 * What one agent run did, in the shape the scorers read: taken from the stored transcript (the same
 * record `copilot runs export --jsonl` writes), so suites, replays and stored transcripts are judged
 * by one set of rules.
 */
import type { Citation } from '../../retrieval/citation.ts';
import type { Decision } from '../../tools/outcome.ts';
import type { RunTranscript } from '../../agent/transcripts/transcript-schema.ts';

export interface ObservedCall {
  id: string;
  tool: string;
  args: unknown;
  step: number;
  status: 'ok' | 'executed' | 'pending_approval' | 'denied' | 'failed' | 'skipped';
  decision?: Decision;
  reason?: string;
  rule?: string;
  approverRole?: string;
  proposalId?: string;
  result?: unknown;
  error?: { code: string; message: string };
}

export interface ObservedProposal {
  id: string;
  toolCallId: string;
  tool: string;
  args: unknown;
  decision: Decision;
  status: 'executed' | 'pending_approval' | 'failed';
  approverRole?: string;
  /** Why the model proposed it, as the approver reads it (from the stored proposal). */
  rationale?: string;
  /** The facts the gate recorded when it decided (from the stored proposal). */
  evidence?: Record<string, unknown>;
}

export interface Observation {
  runId: string;
  kind: 'triage' | 'chat';
  tenantId: string;
  model: string;
  /** What the run was given: the user's message and earlier turns (triage: the exception message). */
  input: string;
  status: 'running' | 'completed' | 'failed';
  error: { code: string; message: string } | null;
  outcome: { kind: string; reason?: string } | null;
  answer: string;
  citations: Citation[];
  toolCalls: ObservedCall[];
  proposals: ObservedProposal[];
  /** Model calls the run made. */
  steps: number;
  latencyMs: number;
}

export function observationFromTranscript(transcript: RunTranscript): Observation {
  const started = Date.parse(transcript.startedAt);
  const finished = transcript.finishedAt ? Date.parse(transcript.finishedAt) : started;
  return {
    runId: transcript.id,
    kind: transcript.kind,
    tenantId: transcript.tenantId,
    model: transcript.model,
    input: [...transcript.input.history.map((turn) => turn.content), transcript.input.message].join('\n'),
    status: transcript.status,
    error: transcript.error,
    outcome: transcript.outcome
      ? { kind: transcript.outcome.kind, ...(transcript.outcome.reason ? { reason: transcript.outcome.reason } : {}) }
      : null,
    answer: transcript.answer ?? '',
    citations: transcript.citations,
    toolCalls: transcript.toolCalls.map((call) => ({
      id: call.id,
      tool: call.name,
      args: call.args,
      step: call.step,
      status: call.status,
      ...(call.decision ? { decision: call.decision } : {}),
      ...(call.reason ? { reason: call.reason } : {}),
      ...(call.rule ? { rule: call.rule } : {}),
      ...(call.approverRole ? { approverRole: call.approverRole } : {}),
      ...(call.proposalId ? { proposalId: call.proposalId } : {}),
      ...(call.result !== undefined ? { result: call.result } : {}),
      ...(call.error ? { error: call.error } : {}),
    })),
    proposals: transcript.proposals.map((proposal) => ({
      id: proposal.id,
      toolCallId: proposal.toolCallId,
      tool: proposal.tool,
      args: proposal.args,
      decision: proposal.decision,
      status: proposal.status,
      ...(proposal.approverRole ? { approverRole: proposal.approverRole } : {}),
    })),
    steps: transcript.timings.modelCalls ?? new Set(transcript.toolCalls.map((call) => call.step)).size + 1,
    latencyMs: transcript.timings.totalMs ?? Math.max(0, finished - started),
  };
}
