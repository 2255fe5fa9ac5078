/** The end of a run: its outcome decided, its transcript stored, its metrics and span attributes, and the done event. */
import type { BaseMessage } from '@langchain/core/messages';
import type { Span } from '@opentelemetry/api';
import { runDuration, runsTotal } from '../telemetry/metrics.ts';
import { finishRun } from '../transcripts/runs.ts';
import type { RunOutcome } from '../transcripts/transcript-schema.ts';
import type { FinalAnswer } from './final-answer.ts';
import type { RunRecorder } from './run-recorder.ts';
import type { AgentRunResult, RunAgentOptions, RunFailure, RunSummary } from './run-types.ts';
import { toTranscriptMessages } from './transcript-messages.ts';

export function decideOutcome(
  options: RunAgentOptions,
  recorder: RunRecorder,
  answer: FinalAnswer,
  failure: RunFailure | null,
): RunOutcome {
  if (failure) return { kind: 'failed', reason: failure.message, removedCitations: answer.removedCitations };
  const summary: RunSummary = {
    answer: answer.text,
    toolCalls: recorder.toolCalls,
    proposals: recorder.proposals,
    limitHit: recorder.limitHit,
    removedCitations: answer.removedCitations,
    ...(recorder.triageFinish ? { finish: recorder.triageFinish } : {}),
  };
  if (options.classify) return options.classify(summary);
  return {
    kind: 'answer',
    removedCitations: answer.removedCitations,
    ...(recorder.limitHit ? { reason: `stopped early: ${recorder.limitHit} limit reached` } : {}),
  };
}

export async function recordRun(
  options: RunAgentOptions,
  recorder: RunRecorder,
  span: Span,
  messages: BaseMessage[],
  answer: FinalAnswer,
  failure: RunFailure | null,
): Promise<AgentRunResult> {
  const { runId } = recorder;
  const status = failure ? 'failed' : 'completed';
  const outcome = decideOutcome(options, recorder, answer, failure);
  const totalMs = Date.now() - recorder.startedAt;
  await finishRun(options.db, options.principal.tenantId, runId, {
    status,
    messages: toTranscriptMessages(options.systemPrompt, messages),
    toolCalls: recorder.toolCalls,
    decisions: recorder.decisions,
    proposals: recorder.proposals,
    citations: answer.citations,
    answer: answer.text || null,
    outcome,
    usage: recorder.usage ?? null,
    timings: {
      totalMs,
      modelMs: recorder.modelMs,
      toolMs: recorder.toolMs,
      modelCalls: recorder.step,
      toolCalls: recorder.toolCalls.length,
    },
    error: failure,
  });
  runsTotal.inc({ kind: options.kind, status, outcome: outcome.kind });
  runDuration.observe({ kind: options.kind }, totalMs / 1000);
  span.setAttributes({
    'agent.status': status,
    'agent.outcome': outcome.kind,
    'agent.tool_calls': recorder.toolCalls.length,
    'agent.steps': recorder.step,
  });

  if (failure) recorder.emit({ type: 'error', code: failure.code, message: failure.message });
  recorder.emit({
    type: 'done',
    runId,
    ...(options.threadId ? { threadId: options.threadId } : {}),
    status,
    answer: answer.text,
    citations: answer.citations,
    proposals: recorder.proposals.map((proposal) => ({
      id: proposal.id,
      tool: proposal.tool,
      decision: proposal.decision,
      status: proposal.status,
    })),
  });
  return {
    runId,
    status,
    answer: answer.text,
    citations: answer.citations,
    proposals: recorder.proposals,
    toolCalls: recorder.toolCalls,
    decisions: recorder.decisions,
    outcome,
    error: failure,
    limitHit: recorder.limitHit,
  };
}
