/**
 * The policy gate as agent middleware. Every tool call any model makes is answered here: sent through
 * the toolbox's gate (validate → decide → execute or propose) and returned to the model as data. The
 * bound tools' own bodies are never run, so no model output, prompt or injected text has another path.
 */
import { createMiddleware, ToolMessage, AIMessage } from 'langchain';
import type { BaseMessage } from '@langchain/core/messages';
import { AppError } from '../../core/errors.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { CallDeadline } from '../../tools/call-deadline.ts';
import type { ToolOutcome } from '../../tools/outcome.ts';
import type { Citation } from '../../retrieval/citation.ts';
import type { AgentLimits } from '../limits.ts';
import { formatToolResultForModel } from '../prompts/untrusted-data.ts';
import { stripReasoning } from '../prompts/reasoning-text.ts';
import { MAX_RATIONALE_CHARS, RATIONALE_ARGUMENT } from '../toolbox/langchain-tools.ts';
import { isCitationRef } from '../run/answer-guard.ts';
import type { RunRecorder } from '../run/run-recorder.ts';
import { policyDecisionsTotal, toolCallDuration, toolErrorsTotal } from '../telemetry/metrics.ts';
import { inSpan, SPAN_NAMES } from '../telemetry/tracing.ts';
import type { AgentToolbox } from '../toolbox/toolbox.ts';
import type { RunProvenance } from './run-provenance.ts';

export interface PolicyGateOptions {
  toolbox: AgentToolbox;
  principal: Principal;
  recorder: RunRecorder;
  limits: AgentLimits;
  exceptionId?: string;
  /** Trusted: set by the triage worker from the exception record, never from model output. */
  exceptionType?: string;
  /** What the run has seen and where it came from; every write is assessed against it (see run-provenance.ts). */
  provenance?: RunProvenance;
  /** Triage: the governing runbook's remediations, which trigger writes without a person asking. */
  runbookActions?: readonly string[];
}

class ToolTimeoutError extends AppError {
  constructor(tool: string, ms: number) {
    super('timeout', `tool ${tool} did not answer within ${ms} ms; it was stopped and rolled back, so nothing was executed`, { tool, ms });
  }
}

/**
 * The gate's answer, or a timeout that is true: at the deadline the call is abandoned, and the gate's
 * transaction then rolls back instead of committing (CallDeadline). If the commit was already under
 * way, the call is allowed to finish and its real outcome is reported — never "failed" for a write
 * that went through, which a retry would then repeat.
 */
async function invokeWithin(invoke: (deadline: CallDeadline) => Promise<ToolOutcome>, ms: number, tool: string): Promise<ToolOutcome> {
  const deadline = new CallDeadline();
  const invocation = invoke(deadline).catch((error: unknown) => failedOutcome(tool, error));
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), ms);
  });
  const first = await Promise.race([invocation, expired]).finally(() => clearTimeout(timer));
  if (first !== 'expired') return first;
  if (deadline.abandon()) return failedOutcome(tool, new ToolTimeoutError(tool, ms));
  return invocation;
}

/**
 * The model's stated reason for a call: its `rationale` argument, else the offline model's per-call
 * rationale, else the message text — reasoning blocks (`<think>`) removed from any of them.
 */
function rationaleFor(messages: readonly BaseMessage[], callId: string, argument: unknown): string | undefined {
  const clean = (text: unknown): string | undefined => {
    if (typeof text !== 'string') return undefined;
    const stripped = stripReasoning(text);
    return stripped ? stripped.slice(0, 2000) : undefined;
  };
  const stated = clean(argument);
  if (stated) return stated.slice(0, MAX_RATIONALE_CHARS);
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i]!;
    if (!AIMessage.isInstance(message) || !message.tool_calls?.some((call) => call.id === callId)) continue;
    const rationales = message.additional_kwargs?.rationales as Record<string, string> | undefined;
    return clean(rationales?.[callId]) ?? clean(typeof message.content === 'string' ? message.content : '');
  }
  return undefined;
}

/** The arguments without the agent-surface `rationale` (the tool's own schema does not know it). */
function splitRationale(args: unknown): { args: unknown; rationale: unknown } {
  if (!args || typeof args !== 'object' || Array.isArray(args) || !(RATIONALE_ARGUMENT in args)) return { args, rationale: undefined };
  const { [RATIONALE_ARGUMENT]: rationale, ...rest } = args as Record<string, unknown>;
  return { args: rest, rationale };
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

/** JSON with object keys sorted, so two calls with the same arguments in another order compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

function failedOutcome(tool: string, error: unknown): ToolOutcome {
  const code = error instanceof AppError ? error.code : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  return { tool, decision: 'deny', status: 'failed', reason: message, error: { code, message } };
}

export function policyGateMiddleware(options: PolicyGateOptions) {
  const { toolbox, principal, recorder, limits } = options;
  const writesSeen = new Map<string, string>();
  return createMiddleware({
    name: 'PolicyGate',
    wrapToolCall: async (request) => {
      const toolCall = request.toolCall;
      const split =
        toolbox.describe().find((descriptor) => descriptor.name === toolCall.name)?.kind === 'write'
          ? splitRationale(toolCall.args)
          : { args: toolCall.args, rationale: undefined };
      const call = { id: toolCall.id ?? `call_${recorder.toolCalls.length + 1}`, name: toolCall.name, args: split.args };
      recorder.toolCallsRequested += 1;
      recorder.emit({ type: 'tool_call', id: call.id, name: call.name, args: call.args });
      const refuse = (reason: string): ToolMessage => {
        recorder.recordSkippedCall(call, reason);
        return new ToolMessage({ content: `Not run: ${reason}`, tool_call_id: call.id, name: call.name, status: 'error' });
      };
      // The same write twice in one run (parallel calls, a model repeating itself) is proposed once.
      const isWrite = toolbox.describe().find((descriptor) => descriptor.name === call.name)?.kind === 'write';
      const key = `${call.name}:${canonicalJson(call.args)}`;
      const earlier = isWrite ? writesSeen.get(key) : undefined;
      if (earlier) return refuse(`the same ${call.name} call was already made in this run (call ${earlier}); it is proposed once`);
      if (isWrite) writesSeen.set(key, call.id);
      if (recorder.toolCallsRequested > limits.maxToolCalls) {
        recorder.limitHit ??= 'tool_calls';
        return refuse(`the run's budget of ${limits.maxToolCalls} tool calls is used up; answer with what you have`);
      }
      const remaining = recorder.remainingMs();
      if (remaining <= 0) {
        recorder.limitHit ??= 'time';
        return refuse('the run is out of time; answer with what you have');
      }

      const rationale = rationaleFor(request.state.messages, call.id, split.rationale);
      const provenance =
        isWrite && options.provenance
          ? options.provenance.assess(call.name, call.args, options.runbookActions?.includes(call.name) ? { triggeredBy: 'runbook' } : {})
          : undefined;
      const citations = citationsIn(rationale, recorder);
      const startedAt = new Date();
      const timeoutMs = Math.min(limits.toolTimeoutMs, remaining);
      const outcome = await inSpan(SPAN_NAMES.toolCall, { 'tool.name': call.name, 'agent.run_id': recorder.runId }, async (toolSpan) => {
        const result = await inSpan(SPAN_NAMES.policyDecision, { 'tool.name': call.name }, async (decisionSpan) => {
          const gated = await invokeWithin(
            (deadline) =>
              toolbox.invoke({
                principal,
                tool: call.name,
                args: call.args,
                origin: { kind: 'agent', ref: recorder.runId },
                runId: recorder.runId,
                deadline,
                ...(rationale ? { rationale } : {}),
                ...(provenance ? { provenance } : {}),
                ...(citations.length ? { citations } : {}),
                ...(options.exceptionId ? { exceptionId: options.exceptionId } : {}),
                ...(options.exceptionType ? { exceptionType: options.exceptionType } : {}),
              }),
            timeoutMs,
            call.name,
          );
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
      // What reads return is data others wrote; a write's result echoes the arguments the run itself chose.
      if (!isWrite && outcome.result !== undefined) options.provenance?.observe(`${call.name} result`, outcome.result, call.name);
      toolCallDuration.observe({ tool: call.name, status: outcome.status }, durationMs / 1000);
      policyDecisionsTotal.inc({ tool: call.name, decision: outcome.decision });
      if (outcome.status === 'failed') toolErrorsTotal.inc({ tool: call.name, code: outcome.error?.code ?? 'internal' });
      // A write that failed (timed out and rolled back, refused by a precondition) ran nothing: a retry is
      // a new attempt, not a duplicate.
      if (outcome.status === 'failed' && writesSeen.get(key) === call.id) writesSeen.delete(key);

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
