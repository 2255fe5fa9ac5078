/** Builds the LangChain agent (model-call guard and policy gate as middleware) and streams one run of it. */
import type { BaseMessage } from '@langchain/core/messages';
import { createAgent } from 'langchain';
import type { AgentLimits } from '../limits.ts';
import { contextBudgetMiddleware } from '../middleware/context-budget.ts';
import { modelCallGuardMiddleware } from '../middleware/model-call-guard.ts';
import { policyGateMiddleware } from '../middleware/policy-gate.ts';
import { provenanceForRun } from '../middleware/provenance-for-run.ts';
import { offeredToolNames, toolOfferMiddleware } from '../middleware/tool-offer.ts';
import { toLangChainTools } from '../toolbox/langchain-tools.ts';
import { FINISH_TRIAGE, finishTriageDescriptor, finishTriageMiddleware } from '../triage/finish-triage.ts';
import type { AnswerStream } from './answer-stream.ts';
import { runOfflineLoop, runsWithoutGraph } from './offline-agent-loop.ts';
import type { RunRecorder } from './run-recorder.ts';
import type { RunAgentOptions } from './run-types.ts';

/** Runs the agent to its end, streaming answer text; returns the final message list (throws on failure). */
export async function executeAgent(
  options: RunAgentOptions,
  limits: AgentLimits,
  recorder: RunRecorder,
  answer: AnswerStream,
  inputMessages: BaseMessage[],
  onMessages: (messages: BaseMessage[]) => void,
): Promise<void> {
  const timeout = AbortSignal.timeout(limits.runTimeoutMs + 1000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const provenance = provenanceForRun(options.kind, options.input, options.toolbox.describe());
  const descriptors = options.toolbox.describe();
  const triage = options.kind === 'triage';
  // Triage: the reads, the writes the governing runbook names, and the structured end (finish_triage).
  const offered = offeredToolNames(descriptors, triage ? options.input.runbook?.actions : undefined, triage ? [FINISH_TRIAGE] : []);
  const tools = toLangChainTools(triage ? [...descriptors, finishTriageDescriptor] : descriptors);
  const middleware = [
    // Outside the guard, so the guard sees the provider's own errors (their status decides a retry).
    toolOfferMiddleware({ offered }),
    contextBudgetMiddleware({ budgetChars: limits.contextBudgetChars }),
    modelCallGuardMiddleware({ modelId: options.model.id, recorder, limits }),
    ...(triage ? [finishTriageMiddleware({ recorder, onFinish: (finish) => (recorder.triageFinish = finish) })] : []),
    policyGateMiddleware({
      toolbox: options.toolbox,
      principal: options.principal,
      recorder,
      limits,
      ...(options.exceptionId ? { exceptionId: options.exceptionId } : {}),
      ...(options.exceptionType ? { exceptionType: options.exceptionType } : {}),
      provenance,
      ...(options.input.runbook ? { runbookActions: options.input.runbook.actions } : {}),
    }),
  ];
  const recursionLimit = limits.maxSteps * 4 + 10;
  if (triage && runsWithoutGraph(options.model.model)) {
    // The offline planner's triage: the same middlewares in the same loop, without the graph's per-step machinery (offline-agent-loop.ts).
    await runOfflineLoop({
      model: options.model.model,
      tools,
      systemPrompt: options.systemPrompt,
      middleware,
      inputMessages,
      signal,
      answer,
      onMessages,
      // The graph's recursion limit counts model and tool steps alike.
      maxModelCalls: Math.ceil(recursionLimit / 2),
    });
    answer.flush();
    return;
  }
  const agent = createAgent({ model: options.model.model, tools, systemPrompt: options.systemPrompt, middleware });
  const stream = await agent.stream({ messages: inputMessages }, { streamMode: ['messages', 'values'], signal, recursionLimit });
  for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
    if (mode === 'values') {
      const messages = (chunk as { messages?: BaseMessage[] }).messages;
      if (messages) onMessages(messages);
      continue;
    }
    const [message, metadata] = chunk as [BaseMessage, Record<string, unknown>];
    answer.push(message, metadata);
  }
  answer.flush();
}
