/** agent/: the one policy-gated agent loop, the chat copilot, the triage worker, models and transcripts. */
export { createAgentServices } from './agent-services.ts';
export type { AgentServices } from './agent-services.ts';

export { runAgent } from './run/run-agent.ts';
export type { AgentRunResult, RunAgentOptions, RunSummary } from './run/run-agent.ts';
export { guardAnswer, isCitationRef } from './run/answer-guard.ts';
export type { AgentEvent, AgentEventSink, AgentEventType } from './events.ts';
export { agentLimitsSchema, DEFAULT_AGENT_LIMITS, resolveLimits } from './limits.ts';
export type { AgentLimits, AgentLimitsInput } from './limits.ts';

export { createChatModel } from './models/create-chat-model.ts';
export type { ModelConfig, ModelOptions } from './models/create-chat-model.ts';
export type { ModelHandle } from './models/model-handle.ts';
export { OFFLINE_MODEL_ID, OfflineChatModel } from './models/offline/offline-chat-model.ts';

export { createGatedToolbox } from './toolbox/gated-toolbox.ts';
export type { AgentToolbox, ToolDescriptor } from './toolbox/toolbox.ts';

export { chatRequestSchema, runChat } from './chat/chat.ts';
export { registerChatOutcomeMessages } from './chat/register-chat-outcomes.ts';
export { describeThreadEvent, THREAD_EVENT_KINDS } from './chat/proposal-outcome-messages.ts';
export type { ThreadEventFacts, ThreadEventKind } from './chat/proposal-outcome-messages.ts';
export type { ChatDependencies, ChatRequest, ChatResult } from './chat/chat.ts';

export { triageException, triageSubject } from './triage/triage-exception.ts';
export type { TriageDependencies, TriageItem, TriageItemOutcome } from './triage/triage-exception.ts';
export { defaultWorkerId, runTriage, startTriageWorker } from './triage/triage-worker.ts';
export type { TriageRunOptions, TriageWorker } from './triage/triage-worker.ts';
export { retrieveRunbook } from './triage/runbook-context.ts';
export type { RunbookContext } from './triage/runbook-context.ts';
export { triagePrincipal, TRIAGE_AGENT_USER } from './triage/triage-principal.ts';
export { triageQueueDepth } from './triage/queue-depth.ts';

export { getRun, getRunAsOperator, iterateRuns, listRuns } from './transcripts/runs.ts';
export { countChatActivity } from './transcripts/chat-activity.ts';
export type { ChatActivity } from './transcripts/chat-activity.ts';
export type { RunQuery } from './transcripts/runs.ts';
export { createThread, getThread, listThreadMessages, listThreadRunIds, listThreads } from './transcripts/threads.ts';
export type { Thread, ThreadMessage, ThreadMessageRole } from './transcripts/threads.ts';
export { runTranscriptSchema, TRANSCRIPT_FORMAT } from './transcripts/transcript-schema.ts';
export type {
  RunKind,
  RunOutcome,
  RunStatus,
  RunTranscript,
  TranscriptProposal,
  TranscriptToolCall,
} from './transcripts/transcript-schema.ts';

export { metricsRegistry } from './telemetry/metrics.ts';
export { startTracing } from './telemetry/start-tracing.ts';
export type { TracingHandle } from './telemetry/start-tracing.ts';
