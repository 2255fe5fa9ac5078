/**
 * The one agent loop behind triage and chat: LangChain's `createAgent` with the model-call guard and
 * the policy gate as middleware. Streams checked answer text and tool events while it runs, and
 * stores the whole run as a transcript when it ends — completed or failed.
 */
import { createAgent } from 'langchain';
import { AIMessage, AIMessageChunk, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { Database } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import { scrubSecrets } from '../../core/scrub-secrets.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { Citation } from '../../retrieval/citation.ts';
import type { AgentEventSink } from '../events.ts';
import { resolveLimits, type AgentLimitsInput } from '../limits.ts';
import { modelCallGuardMiddleware } from '../middleware/model-call-guard.ts';
import { policyGateMiddleware } from '../middleware/policy-gate.ts';
import type { ModelHandle } from '../models/model-handle.ts';
import { messageText } from '../models/offline/conversation.ts';
import { runDuration, runsTotal } from '../telemetry/metrics.ts';
import { inSpan, SPAN_NAMES } from '../telemetry/tracing.ts';
import { toLangChainTools } from '../toolbox/langchain-tools.ts';
import type { AgentToolbox } from '../toolbox/toolbox.ts';
import { finishRun, startRun } from '../transcripts/runs.ts';
import type {
  RunInput,
  RunKind,
  RunOutcome,
  TranscriptDecision,
  TranscriptMessage,
  TranscriptProposal,
  TranscriptToolCall,
} from '../transcripts/transcript-schema.ts';
import { AnswerGuard, guardAnswer } from './answer-guard.ts';
import { RunRecorder, type LimitHit } from './run-recorder.ts';

export interface RunAgentOptions {
  db: Database;
  toolbox: AgentToolbox;
  model: ModelHandle;
  principal: Principal;
  kind: RunKind;
  systemPrompt: string;
  input: RunInput;
  threadId?: string | null;
  exceptionId?: string | null;
  /** The exception's type (triage), passed to the gate for policy conditions on exceptionType. */
  exceptionType?: string;
  limits?: AgentLimitsInput;
  onEvent?: AgentEventSink;
  signal?: AbortSignal;
  /** Passages retrieved for the run before it starts (the triage runbook); answers may cite them. */
  sources?: Citation[];
  /** Decides the run's outcome from what it did (triage: executed / awaiting approval / hand-off). */
  classify?: (summary: RunSummary) => RunOutcome;
}

/** What a finished run did, for outcome classification. */
export interface RunSummary {
  answer: string;
  toolCalls: readonly TranscriptToolCall[];
  proposals: readonly TranscriptProposal[];
  limitHit: LimitHit | undefined;
  removedCitations: string[];
}

export interface AgentRunResult {
  runId: string;
  status: 'completed' | 'failed';
  answer: string;
  citations: Citation[];
  proposals: TranscriptProposal[];
  toolCalls: TranscriptToolCall[];
  decisions: TranscriptDecision[];
  outcome: RunOutcome;
  error: { code: string; message: string } | null;
  limitHit: LimitHit | undefined;
}

function toTranscriptMessages(systemPrompt: string, messages: readonly BaseMessage[]): TranscriptMessage[] {
  const converted: TranscriptMessage[] = [{ role: 'system', content: systemPrompt }];
  for (const message of messages) {
    const content = messageText(message);
    if (AIMessage.isInstance(message)) {
      converted.push({
        role: 'assistant',
        content,
        ...(message.tool_calls?.length
          ? { toolCalls: message.tool_calls.map((call) => ({ id: call.id ?? '', name: call.name, args: call.args })) }
          : {}),
      });
    } else if (ToolMessage.isInstance(message)) {
      converted.push({ role: 'tool', content, toolCallId: message.tool_call_id, ...(message.name ? { name: message.name } : {}) });
    } else if (message.getType() === 'human') {
      converted.push({ role: 'user', content });
    }
  }
  return converted;
}

/** When a model claimed an action ran that did not, the answer says what actually happened instead. */
function actualStatusNote(proposals: readonly TranscriptProposal[], toolCalls: readonly TranscriptToolCall[]): string {
  const writes = toolCalls.filter((call) => call.status !== 'ok' && call.status !== 'skipped');
  if (!writes.length && !proposals.length) return 'Note: no action was executed in this conversation.';
  const lines = writes.map((call) => {
    const proposal = proposals.find((candidate) => candidate.toolCallId === call.id);
    switch (call.status) {
      case 'executed':
        return `${call.name} was executed.`;
      case 'pending_approval':
        return `${call.name} was NOT executed: proposal ${proposal?.id ?? call.proposalId ?? ''} awaits approval${call.approverRole ? ` by ${call.approverRole}` : ''}.`;
      case 'denied':
        return `${call.name} was NOT executed: denied by policy (${call.reason ?? 'no reason given'}).`;
      default:
        return `${call.name} was NOT executed: ${call.error?.message ?? call.reason ?? 'it failed'}.`;
    }
  });
  return `Note on actions: ${lines.join(' ')}`;
}

/** The error and what it wraps, outermost first (LangChain wraps middleware errors), at most six deep. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current: unknown = error; current && chain.length < 6; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

/** The first AppError in the cause chain, else a generic description. */
function toError(error: unknown): { code: string; message: string } {
  const appError = causeChain(error).find((cause): cause is AppError => cause instanceof AppError);
  if (appError) return { code: appError.code, message: appError.message };
  if (error instanceof Error && error.name === 'AbortError')
    return { code: 'timeout', message: 'the run was cancelled or ran out of time' };
  // An unexpected error's text (driver, library, provider) is for the operator's log, not the rep's screen.
  return { code: 'internal', message: 'internal error while running the agent (details in the server log)' };
}

/** The raw cause of a failed run for the server log, credentials scrubbed: one JSON line on stderr. */
function logRunFailure(runId: string, failure: { code: string }, error: unknown): void {
  const causes = causeChain(error).map((cause) => scrubSecrets(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)));
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'error', message: 'agent run failed', runId, code: failure.code, causes })}\n`,
  );
}

export async function runAgent(options: RunAgentOptions): Promise<AgentRunResult> {
  const limits = resolveLimits(options.limits);
  const { db, principal } = options;
  const runId = await startRun(db, {
    tenantId: principal.tenantId,
    kind: options.kind,
    model: options.model.id,
    input: options.input,
    userId: principal.userId,
    threadId: options.threadId ?? null,
    exceptionId: options.exceptionId ?? null,
  });
  const onEvent = options.onEvent ?? (() => {});
  const recorder = new RunRecorder(runId, limits.runTimeoutMs, onEvent);
  for (const source of options.sources ?? []) recorder.citations.addCitation(source);
  recorder.emit({ type: 'run_started', runId, ...(options.threadId ? { threadId: options.threadId } : {}) });

  return inSpan(
    SPAN_NAMES.run,
    { 'agent.run_id': runId, 'agent.kind': options.kind, 'model.id': options.model.id, 'tenant.id': principal.tenantId },
    async (span) => {
      const guardContext = { citations: recorder.citations, executedTools: recorder.executedTools };
      // One guard per model step: only checked, whole sentences are streamed; the last step is the answer.
      let stepKey: string | undefined;
      let stepGuard = new AnswerGuard(guardContext);
      let streamedInFinalStep = '';
      const emittedCitations = new Set<string>();
      const emitToken = (text: string): void => {
        if (!text) return;
        streamedInFinalStep += text;
        recorder.emit({ type: 'token', text });
        for (const citation of stepGuard.report().citations) {
          if (emittedCitations.has(citation.ref)) continue;
          emittedCitations.add(citation.ref);
          recorder.emit({ type: 'citation', citation });
        }
      };

      let finalMessages: BaseMessage[] = [];
      let failure: { code: string; message: string } | null = null;
      const history = options.input.history.map((turn) =>
        turn.role === 'user' ? new HumanMessage(turn.content) : new AIMessage(turn.content),
      );
      const inputMessages: BaseMessage[] = [...history, new HumanMessage(options.input.message)];
      const timeout = AbortSignal.timeout(limits.runTimeoutMs + 1000);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      try {
        const agent = createAgent({
          model: options.model.model,
          tools: toLangChainTools(options.toolbox.describe()),
          systemPrompt: options.systemPrompt,
          middleware: [
            modelCallGuardMiddleware({ modelId: options.model.id, recorder, limits }),
            policyGateMiddleware({
              toolbox: options.toolbox,
              principal,
              recorder,
              limits,
              ...(options.exceptionId ? { exceptionId: options.exceptionId } : {}),
              ...(options.exceptionType ? { exceptionType: options.exceptionType } : {}),
            }),
          ],
        });
        const stream = await agent.stream(
          { messages: inputMessages },
          { streamMode: ['messages', 'values'], signal, recursionLimit: limits.maxSteps * 4 + 10 },
        );
        for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
          if (mode === 'values') {
            finalMessages = ((chunk as { messages?: BaseMessage[] }).messages ?? finalMessages) as BaseMessage[];
            continue;
          }
          const [message, metadata] = chunk as [BaseMessage, Record<string, unknown>];
          if (!(AIMessageChunk.isInstance(message) || AIMessage.isInstance(message))) continue;
          const key = `${String(metadata.langgraph_step ?? '')}:${message.id ?? ''}`;
          if (key !== stepKey) {
            if (stepKey !== undefined) emitToken(stepGuard.flush());
            stepKey = key;
            stepGuard = new AnswerGuard(guardContext);
            streamedInFinalStep = '';
          }
          emitToken(stepGuard.push(messageText(message)));
        }
        emitToken(stepGuard.flush());
      } catch (error) {
        failure = toError(error);
        if (failure.code === 'internal' || failure.code === 'upstream_failed') logRunFailure(runId, failure, error);
        if (recorder.remainingMs() <= 0) recorder.limitHit ??= 'time';
      }

      const conversation = finalMessages.slice(history.length + 1);
      const lastAi = [...conversation].reverse().find((message) => AIMessage.isInstance(message) && !message.tool_calls?.length);
      const guarded = guardAnswer(lastAi ? messageText(lastAi) : '', guardContext);
      let answer = guarded.text.trim();
      if (!failure && answer && !streamedInFinalStep.trim()) emitToken(answer);
      if (guarded.removedClaims.length) {
        const note = actualStatusNote(recorder.proposals, recorder.toolCalls);
        answer = `${answer}\n\n${note}`.trim();
        emitToken(`\n\n${note}`);
      }
      for (const citation of guarded.citations) {
        if (!emittedCitations.has(citation.ref)) {
          emittedCitations.add(citation.ref);
          recorder.emit({ type: 'citation', citation });
        }
      }

      const status = failure ? 'failed' : 'completed';
      const summary: RunSummary = {
        answer,
        toolCalls: recorder.toolCalls,
        proposals: recorder.proposals,
        limitHit: recorder.limitHit,
        removedCitations: guarded.removedCitations,
      };
      const outcome: RunOutcome = failure
        ? { kind: 'failed', reason: failure.message, removedCitations: guarded.removedCitations }
        : options.classify
          ? options.classify(summary)
          : {
              kind: 'answer',
              removedCitations: guarded.removedCitations,
              ...(recorder.limitHit ? { reason: `stopped early: ${recorder.limitHit} limit reached` } : {}),
            };
      const totalMs = Date.now() - recorder.startedAt;
      await finishRun(db, principal.tenantId, runId, {
        status,
        messages: toTranscriptMessages(options.systemPrompt, finalMessages.length ? finalMessages : inputMessages),
        toolCalls: recorder.toolCalls,
        decisions: recorder.decisions,
        proposals: recorder.proposals,
        citations: guarded.citations,
        answer: answer || null,
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
        answer,
        citations: guarded.citations,
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
        answer,
        citations: guarded.citations,
        proposals: recorder.proposals,
        toolCalls: recorder.toolCalls,
        decisions: recorder.decisions,
        outcome,
        error: failure,
        limitHit: recorder.limitHit,
      };
    },
  );
}
