/**
 * The policy gate as agent middleware. Every tool call any model makes is answered here: sent through
 * the toolbox's gate (validate → decide → execute or propose) and returned to the model as data. The
 * bound tools' own bodies are never run, so no model output, prompt or injected text has another path.
 */
import { createMiddleware, ToolMessage, AIMessage } from 'langchain';
import type { BaseMessage } from '@langchain/core/messages';
import { AppError } from '../../core/errors.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { ToolOutcome } from '../../tools/outcome.ts';
import type { Citation } from '../../retrieval/citation.ts';
import type { AgentLimits } from '../limits.ts';
import { formatToolResultForModel } from '../prompts/untrusted-data.ts';
import { isCitationRef } from '../run/answer-guard.ts';
import type { RunRecorder } from '../run/run-recorder.ts';
import { policyDecisionsTotal, toolCallDuration, toolErrorsTotal } from '../telemetry/metrics.ts';
import { inSpan, SPAN_NAMES } from '../telemetry/tracing.ts';
import type { AgentToolbox } from '../toolbox/toolbox.ts';

export interface PolicyGateOptions {
  toolbox: AgentToolbox;
  principal: Principal;
  recorder: RunRecorder;
  limits: AgentLimits;
  exceptionId?: string;
  /** Trusted: set by the triage worker from the exception record, never from model output. */
  exceptionType?: string;
}

class ToolTimeoutError extends AppError {
  constructor(tool: string, ms: number) {
    super('timeout', `tool ${tool} did not answer within ${ms} ms`, { tool, ms });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The model's stated reason for a call: the offline model's per-call rationale, else the message text. */
function rationaleFor(messages: readonly BaseMessage[], callId: string): string | undefined {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i]!;
    if (!AIMessage.isInstance(message) || !message.tool_calls?.some((call) => call.id === callId)) continue;
    const rationales = message.additional_kwargs?.rationales as Record<string, string> | undefined;
    const text = rationales?.[callId] ?? (typeof message.content === 'string' ? message.content : '');
    return text.trim() ? text.trim().slice(0, 2000) : undefined;
  }
  return undefined;
}

function citationsIn(text: string | undefined, recorder: RunRecorder): Citation[] {
  if (!text) return [];
  const found = new Map<string, Citation>();
  for (const match of text.matchAll(/\[([^[\]\n]{1,400})\]/g)) {
    for (const ref of match[1]!.split(/\s*[,;]\s*/)) {
      const citation = isCitationRef(ref) ? recorder.citations.resolve(ref) : undefined;
      if (citation) found.set(ref, citation);
    }
  }
  return [...found.values()];
}

function failedOutcome(tool: string, error: unknown): ToolOutcome {
  const code = error instanceof AppError ? error.code : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  return { tool, decision: 'deny', status: 'failed', reason: message, error: { code, message } };
}

export function policyGateMiddleware(options: PolicyGateOptions) {
  const { toolbox, principal, recorder, limits } = options;
  return createMiddleware({
    name: 'PolicyGate',
    wrapToolCall: async (request) => {
      const toolCall = request.toolCall;
      const call = { id: toolCall.id ?? `call_${recorder.toolCalls.length + 1}`, name: toolCall.name, args: toolCall.args };
      recorder.toolCallsRequested += 1;
      recorder.emit({ type: 'tool_call', id: call.id, name: call.name, args: call.args });
      const refuse = (reason: string): ToolMessage => {
        recorder.recordSkippedCall(call, reason);
        return new ToolMessage({ content: `Not run: ${reason}`, tool_call_id: call.id, name: call.name, status: 'error' });
      };
      if (recorder.toolCallsRequested > limits.maxToolCalls) {
        recorder.limitHit ??= 'tool_calls';
        return refuse(`the run's budget of ${limits.maxToolCalls} tool calls is used up; answer with what you have`);
      }
      const remaining = recorder.remainingMs();
      if (remaining <= 0) {
        recorder.limitHit ??= 'time';
        return refuse('the run is out of time; answer with what you have');
      }

      const rationale = rationaleFor(request.state.messages, call.id);
      const citations = citationsIn(rationale, recorder);
      const startedAt = new Date();
      const timeoutMs = Math.min(limits.toolTimeoutMs, remaining);
      const outcome = await inSpan(SPAN_NAMES.toolCall, { 'tool.name': call.name, 'agent.run_id': recorder.runId }, async (toolSpan) => {
        const result = await inSpan(SPAN_NAMES.policyDecision, { 'tool.name': call.name }, async (decisionSpan) => {
          const gated = await withTimeout(
            toolbox.invoke({
              principal,
              tool: call.name,
              args: call.args,
              origin: { kind: 'agent', ref: recorder.runId },
              runId: recorder.runId,
              ...(rationale ? { rationale } : {}),
              ...(citations.length ? { citations } : {}),
              ...(options.exceptionId ? { exceptionId: options.exceptionId } : {}),
              ...(options.exceptionType ? { exceptionType: options.exceptionType } : {}),
            }),
            timeoutMs,
            () => new ToolTimeoutError(call.name, timeoutMs),
          ).catch((error: unknown) => failedOutcome(call.name, error));
          decisionSpan.setAttributes({
            'policy.decision': gated.decision,
            ...(gated.rule ? { 'policy.rule': gated.rule } : {}),
            ...(gated.policyVersion !== undefined ? { 'policy.version': gated.policyVersion } : {}),
          });
          return gated;
        });
        toolSpan.setAttributes({ 'tool.status': result.status, ...(result.proposalId ? { 'proposal.id': result.proposalId } : {}) });
        return result;
      });
      const durationMs = Date.now() - startedAt.getTime();
      recorder.recordToolCall(call, outcome, startedAt, durationMs);
      toolCallDuration.observe({ tool: call.name, status: outcome.status }, durationMs / 1000);
      policyDecisionsTotal.inc({ tool: call.name, decision: outcome.decision });
      if (outcome.status === 'failed') toolErrorsTotal.inc({ tool: call.name, code: outcome.error?.code ?? 'internal' });

      // Errors go back to the model as data so it can correct itself or explain; they never throw out of the loop.
      return new ToolMessage({
        content: formatToolResultForModel(outcome),
        tool_call_id: call.id,
        name: call.name,
        artifact: outcome,
        status: outcome.status === 'failed' || outcome.status === 'denied' ? 'error' : 'success',
      });
    },
  });
}
