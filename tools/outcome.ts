import { z } from 'zod';
import type { Principal } from '../core/identity/roles.ts';
import type { ToolOrigin } from './tool.ts';
import type { citationSchema } from '../retrieval/citation.ts';
import type { CallDeadline } from './call-deadline.ts';

export const decisionSchema = z.enum(['allow', 'require_approval', 'deny']);
export type Decision = z.infer<typeof decisionSchema>;

/**
 * What every surface (CLI, API, MCP, agent) gets back from a gated tool call. Read tools that are
 * allowed come back with `result`; write tools come back executed (allow), pending with a proposal
 * (require_approval), or denied, always with the reason and the policy rule that decided.
 */
export const toolOutcomeSchema = z.object({
  tool: z.string(),
  decision: decisionSchema,
  reason: z.string(),
  status: z.enum(['ok', 'executed', 'pending_approval', 'denied', 'failed']),
  policyVersion: z.number().int().optional(),
  rule: z.string().optional(),
  approverRole: z.string().optional(),
  proposalId: z.uuid().optional(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
});
export type ToolOutcome = z.infer<typeof toolOutcomeSchema>;

/** A request to call a tool through the policy gate. `args` is untrusted until validated by the tool's schema. */
export interface ToolCallRequest {
  principal: Principal;
  tool: string;
  args: unknown;
  origin: ToolOrigin;
  rationale?: string;
  citations?: z.infer<typeof citationSchema>[];
  exceptionId?: string;
  /**
   * The type of that exception, when a trusted internal caller (the triage agent) knows it; policy
   * conditions on `exceptionType` use the tool's facts first and this second. Not for outside input.
   */
  exceptionType?: string;
  runId?: string;
  /** Set by a caller with a timeout: if it gives up first, the call rolls back instead of committing. */
  deadline?: CallDeadline;
}
