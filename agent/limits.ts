/** Bounds on one agent run. Every run is bounded in steps, tool calls and time; none runs open-ended. */
import { z } from 'zod';

export const agentLimitsSchema = z.object({
  /** Model calls per run (each call is one step of the loop). */
  maxSteps: z.number().int().min(1).max(50).default(8),
  /** Tool calls per run, across all steps. Calls past the budget are refused as data, not executed. */
  maxToolCalls: z.number().int().min(1).max(200).default(20),
  /** One model call, including its retries' individual attempts. */
  modelTimeoutMs: z.number().int().min(100).max(600_000).default(60_000),
  /** One tool call through the gate. */
  toolTimeoutMs: z.number().int().min(100).max(600_000).default(20_000),
  /** The whole run. */
  runTimeoutMs: z.number().int().min(500).max(3_600_000).default(180_000),
  /** Retries of a failing model call before the run fails (so attempts = retries + 1). */
  modelRetries: z.number().int().min(0).max(6).default(2),
  /** First backoff delay; doubled per retry, with jitter. */
  retryBaseDelayMs: z.number().int().min(0).max(60_000).default(400),
  /**
   * What one model call may carry, in characters (about 4 per token): history, tool results and the
   * prompt together. Over it, earlier results are shortened and earlier turns left out (context-budget.ts).
   */
  contextBudgetChars: z.number().int().min(4_000).max(2_000_000).default(96_000),
});

export type AgentLimits = z.infer<typeof agentLimitsSchema>;
export type AgentLimitsInput = z.input<typeof agentLimitsSchema>;

export const DEFAULT_AGENT_LIMITS: AgentLimits = agentLimitsSchema.parse({});

export function resolveLimits(overrides: AgentLimitsInput = {}): AgentLimits {
  return agentLimitsSchema.parse(overrides);
}
