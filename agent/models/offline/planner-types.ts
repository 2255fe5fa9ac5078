/** Shared types of the offline planners: the tools they can see and the step they choose. */
import type { Conversation, ToolExchange } from './conversation.ts';
import type { JsonSchema } from './fill-arguments.ts';
import type { WordVectors } from '../../../retrieval/index.ts';

export interface BoundTool {
  name: string;
  description: string;
  parameters: JsonSchema;
  /** From the tool's metadata when the agent bound it; unknown for foreign tools. */
  kind?: 'read' | 'write';
}

export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
  /** Why the call is made; recorded on proposals for write tools. */
  rationale?: string;
}

export type PlanStep = { kind: 'calls'; calls: PlannedCall[] } | { kind: 'answer'; text: string };

export interface PlannerContext {
  conversation: Conversation;
  tools: ReadonlyMap<string, BoundTool>;
  /** The tenant the run serves (from the system prompt), to recognise requests about another tenant. */
  tenant: { slug?: string; name?: string };
  /** Word vectors for intent by meaning; without them the planner goes by keyword cues only. */
  vectors?: WordVectors;
}

export function stableKey(name: string, args: Record<string, unknown>): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
          )
        : value;
  return `${name}:${JSON.stringify(sorted(args))}`;
}

/** Calls not made yet in this turn (a planner re-derives its whole plan each step and asks only for what is new). */
export function newCalls(exchanges: readonly ToolExchange[], wanted: readonly PlannedCall[]): PlannedCall[] {
  const done = new Set(exchanges.map((exchange) => stableKey(exchange.name, exchange.args)));
  const seen = new Set<string>();
  return wanted.filter((call) => {
    const key = stableKey(call.name, call.args);
    if (done.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
