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

/**
 * Where a write came from, as the agent's gate traced it: whether an argument or the trigger came from
 * untrusted text (notes, addresses, ERP text, tenant documents, model output) rather than from the
 * signed-in person's words or the systems' structured facts. Untrusted → at least require_approval.
 */
export const callProvenanceSchema = z.object({
  untrusted: z.boolean(),
  reason: z.string().max(2000),
  /** Who asked for the action: the person's own words, untrusted text, the runbook (triage) or the model alone. */
  trigger: z.enum(['person', 'untrusted', 'runbook', 'model']),
  /** Per argument path: `trusted`, `model` (found in no input) or `untrusted: <source>`. */
  arguments: z.record(z.string().max(200), z.string().max(300)),
  sources: z.array(z.string().max(300)).max(20),
});
export type CallProvenance = z.infer<typeof callProvenanceSchema>;

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
  /** Set by the agent's gate for writes: where the call came from (see callProvenanceSchema). */
  provenance?: CallProvenance;
  /** Set by a caller with a timeout: if it gives up first, the call rolls back instead of committing. */
  deadline?: CallDeadline;
}
