/** Events a run emits while it works; chat streams them over SSE as they happen (noun_verb names, typed payloads). */
import type { Citation } from '../retrieval/citation.ts';
import type { Decision } from '../tools/outcome.ts';

export type AgentEvent =
  | { type: 'run_started'; runId: string; threadId?: string }
  | { type: 'token'; text: string }
  | { type: 'tool_call'; id: string; name: string; args: unknown }
  | {
      type: 'tool_result';
      id: string;
      name: string;
      status: string;
      decision?: Decision;
      reason?: string;
      error?: { code: string; message: string };
      durationMs?: number;
    }
  | { type: 'citation'; citation: Citation }
  | {
      type: 'proposal';
      id: string;
      tool: string;
      args: unknown;
      decision: Decision;
      status: 'executed' | 'pending_approval' | 'failed';
      approverRole?: string;
      reason: string;
    }
  | { type: 'error'; code: string; message: string }
  | {
      type: 'done';
      runId: string;
      threadId?: string;
      status: 'completed' | 'failed';
      answer: string;
      citations: Citation[];
      proposals: Array<{ id: string; tool: string; decision: Decision; status: string }>;
    };

export type AgentEventType = AgentEvent['type'];
export type AgentEventSink = (event: AgentEvent) => void;
