/** The options, summary and result of one agent run (see run-agent.ts). */
import type { Database } from '../../core/db/database.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { Citation } from '../../retrieval/citation.ts';
import type { AgentEventSink } from '../events.ts';
import type { AgentLimitsInput } from '../limits.ts';
import type { ModelHandle } from '../models/model-handle.ts';
import type { AgentToolbox } from '../toolbox/toolbox.ts';
import type {
  RunInput,
  RunKind,
  RunOutcome,
  TranscriptDecision,
  TranscriptProposal,
  TranscriptToolCall,
} from '../transcripts/transcript-schema.ts';
import type { LimitHit } from './run-recorder.ts';
import type { TriageFinish } from '../triage/finish-triage.ts';

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
  /**
   * The run's id when the caller already stored its start (startRunIn with this same input, in a
   * transaction it needed anyway); otherwise runAgent stores it.
   */
  runId?: string;
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
  /** Triage: the outcome the model stated with finish_triage (validated), when it called it. */
  finish?: TriageFinish;
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

/** How a run failed, as the rep sees it: a code and a message safe to show. */
export type RunFailure = { code: string; message: string };
