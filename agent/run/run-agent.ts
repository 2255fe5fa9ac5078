/**
 * The one agent loop behind triage and chat: LangChain's `createAgent` with the model-call guard and
 * the policy gate as middleware. Streams checked answer text and tool events while it runs, and
 * stores the whole run as a transcript when it ends — completed or failed.
 */
import { AIMessage, type BaseMessage, HumanMessage } from '@langchain/core/messages';
import { threadEventForModel } from '../chat/thread-event-context.ts';
import { resolveLimits } from '../limits.ts';
import { inSpan, SPAN_NAMES } from '../telemetry/tracing.ts';
import { startRun } from '../transcripts/runs.ts';
import { executeAgent } from './agent-execution.ts';
import { AnswerStream } from './answer-stream.ts';
import { finalAnswer } from './final-answer.ts';
import { recordRun } from './record-run.ts';
import { logRunFailure, toRunFailure } from './run-failure.ts';
import { RunRecorder } from './run-recorder.ts';
import type { AgentRunResult, RunAgentOptions, RunFailure } from './run-types.ts';

export type { AgentRunResult, RunAgentOptions, RunSummary } from './run-types.ts';

export async function runAgent(options: RunAgentOptions): Promise<AgentRunResult> {
  const limits = resolveLimits(options.limits);
  const { db, principal } = options;
  const runId =
    options.runId ??
    (await startRun(db, {
      tenantId: principal.tenantId,
      kind: options.kind,
      model: options.model.id,
      input: options.input,
      userId: principal.userId,
      threadId: options.threadId ?? null,
      exceptionId: options.exceptionId ?? null,
    }));
  const recorder = new RunRecorder(runId, limits.runTimeoutMs, options.onEvent ?? (() => {}));
  for (const source of options.sources ?? []) recorder.citations.addCitation(source);
  recorder.emit({ type: 'run_started', runId, ...(options.threadId ? { threadId: options.threadId } : {}) });

  return inSpan(
    SPAN_NAMES.run,
    { 'agent.run_id': runId, 'agent.kind': options.kind, 'model.id': options.model.id, 'tenant.id': principal.tenantId },
    async (span) => {
      const guardContext = {
        citations: recorder.citations,
        executedTools: recorder.executedTools,
        executedCalls: recorder.executedCalls,
        observedResults: recorder.observedResults,
      };
      const stream = new AnswerStream(recorder, guardContext);
      const history = options.input.history.map((turn) =>
        turn.role === 'user'
          ? new HumanMessage(turn.content)
          : turn.role === 'event'
            ? new HumanMessage(threadEventForModel(turn.content))
            : new AIMessage(turn.content),
      );
      const inputMessages: BaseMessage[] = [...history, new HumanMessage(options.input.message)];
      let finalMessages: BaseMessage[] = [];
      let failure: RunFailure | null = null;
      try {
        await executeAgent(options, limits, recorder, stream, inputMessages, (messages) => {
          finalMessages = messages;
        });
      } catch (error) {
        failure = toRunFailure(error);
        logRunFailure(runId, failure, error);
        if (recorder.remainingMs() <= 0) recorder.limitHit ??= 'time';
      }
      const answer = finalAnswer(finalMessages.slice(history.length + 1), guardContext, recorder, stream, failure !== null);
      return recordRun(options, recorder, span, finalMessages.length ? finalMessages : inputMessages, answer, failure);
    },
  );
}
