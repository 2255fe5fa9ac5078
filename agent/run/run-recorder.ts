/** Everything one run did, collected as it happens: tool calls, decisions, proposals, sources, model usage, timings. */
import type { ToolOutcome } from '../../tools/outcome.ts';
import type { AgentEventSink } from '../events.ts';
import type { TokenUsage, TranscriptDecision, TranscriptProposal, TranscriptToolCall } from '../transcripts/transcript-schema.ts';
import type { TriageFinish } from '../triage/finish-triage.ts';
import { CitationIndex } from './citation-index.ts';

export type LimitHit = 'steps' | 'tool_calls' | 'time';

export class RunRecorder {
  readonly runId: string;
  readonly citations = new CitationIndex();
  readonly toolCalls: TranscriptToolCall[] = [];
  readonly decisions: TranscriptDecision[] = [];
  readonly proposals: TranscriptProposal[] = [];
  readonly executedTools = new Set<string>();
  /** The executed calls with their arguments (what completion claims in the answer are checked against). */
  readonly executedCalls: Array<{ name: string; args: unknown }> = [];
  /** What the run's tool calls returned (reports of a record's state in the answer are checked against them). */
  readonly observedResults: Array<{ name: string; args: unknown; result: unknown }> = [];
  readonly startedAt = Date.now();
  readonly deadline: number;
  step = 0;
  modelMs = 0;
  toolMs = 0;
  /** Tool calls asked for, including refused ones (the budget counts asks, not executions). */
  toolCallsRequested = 0;
  limitHit: LimitHit | undefined;
  /** Triage: the outcome the model stated through finish_triage, if it called it. */
  triageFinish: TriageFinish | undefined;
  #usage: TokenUsage | undefined;
  readonly #emit: AgentEventSink;

  constructor(runId: string, runTimeoutMs: number, emit: AgentEventSink = () => {}) {
    this.runId = runId;
    this.deadline = this.startedAt + runTimeoutMs;
    this.#emit = emit;
  }

  emit: AgentEventSink = (event) => {
    try {
      this.#emit(event);
    } catch {
      // A broken listener (a closed SSE stream) must not break the run.
    }
  };

  remainingMs(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  addUsage(usage: { input_tokens?: number; output_tokens?: number; total_tokens?: number } | undefined): void {
    if (!usage) return;
    const input = usage.input_tokens ?? 0;
    const output = usage.output_tokens ?? 0;
    const previous = this.#usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
    this.#usage = {
      inputTokens: previous.inputTokens + input,
      outputTokens: previous.outputTokens + output,
      totalTokens: previous.totalTokens + (usage.total_tokens ?? input + output),
    };
  }

  get usage(): TokenUsage | undefined {
    return this.#usage;
  }

  recordToolCall(call: { id: string; name: string; args: unknown }, outcome: ToolOutcome, startedAt: Date, durationMs: number): void {
    this.toolMs += durationMs;
    const entry: TranscriptToolCall = {
      id: call.id,
      name: call.name,
      args: call.args,
      step: this.step,
      decision: outcome.decision,
      status: outcome.status,
      reason: outcome.reason,
      ...(outcome.rule ? { rule: outcome.rule } : {}),
      ...(outcome.policyVersion !== undefined ? { policyVersion: outcome.policyVersion } : {}),
      ...(outcome.proposalId ? { proposalId: outcome.proposalId } : {}),
      ...(outcome.approverRole ? { approverRole: outcome.approverRole } : {}),
      ...(outcome.result !== undefined ? { result: outcome.result } : {}),
      ...(outcome.error ? { error: { code: outcome.error.code, message: outcome.error.message } } : {}),
      startedAt: startedAt.toISOString(),
      durationMs,
    };
    this.toolCalls.push(entry);
    this.decisions.push({
      toolCallId: call.id,
      tool: call.name,
      decision: outcome.decision,
      reason: outcome.reason,
      ...(outcome.rule ? { rule: outcome.rule } : {}),
      ...(outcome.policyVersion !== undefined ? { policyVersion: outcome.policyVersion } : {}),
    });
    if (outcome.status === 'ok' || outcome.status === 'executed') {
      this.citations.add(call.name, call.args, outcome.result);
      if (outcome.result !== undefined) this.observedResults.push({ name: call.name, args: call.args, result: outcome.result });
    }
    if (outcome.status === 'executed') {
      this.executedTools.add(call.name);
      this.executedCalls.push({ name: call.name, args: call.args });
    }
    this.emit({
      type: 'tool_result',
      id: call.id,
      name: call.name,
      status: outcome.status,
      decision: outcome.decision,
      reason: outcome.reason,
      ...(outcome.error ? { error: { code: outcome.error.code, message: outcome.error.message } } : {}),
      durationMs,
    });
    const isProposal =
      outcome.status === 'executed' || outcome.status === 'pending_approval' || (outcome.status === 'failed' && outcome.proposalId);
    if (isProposal && (outcome.status === 'executed' || outcome.status === 'pending_approval' || outcome.status === 'failed')) {
      const proposal: TranscriptProposal = {
        // An allowed write the gate ran without storing a proposal is still listed, under its call id.
        id: outcome.proposalId ?? `call:${call.id}`,
        toolCallId: call.id,
        tool: call.name,
        args: call.args,
        decision: outcome.decision,
        status: outcome.status,
        reason: outcome.reason,
        ...(outcome.approverRole ? { approverRole: outcome.approverRole } : {}),
      };
      this.proposals.push(proposal);
      this.emit({
        type: 'proposal',
        id: proposal.id,
        tool: proposal.tool,
        args: proposal.args,
        decision: proposal.decision,
        status: proposal.status,
        reason: proposal.reason,
        ...(proposal.approverRole ? { approverRole: proposal.approverRole } : {}),
      });
    }
  }

  /** A call refused before reaching the gate (budget, time); recorded like any other. */
  recordSkippedCall(call: { id: string; name: string; args: unknown }, reason: string): void {
    this.toolCalls.push({
      id: call.id,
      name: call.name,
      args: call.args,
      step: this.step,
      status: 'skipped',
      reason,
      startedAt: new Date().toISOString(),
      durationMs: 0,
    });
    this.emit({ type: 'tool_result', id: call.id, name: call.name, status: 'skipped', reason });
  }
}
