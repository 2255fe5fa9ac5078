/** The stored shape of one agent run: what `GET /v1/runs/:id` returns and `copilot runs export --jsonl` writes. */
import { z } from 'zod';
import { citationSchema } from '../../retrieval/citation.ts';
import { decisionSchema } from '../../tools/outcome.ts';

export const TRANSCRIPT_FORMAT = 'ops-copilot.run/v1';

export const runKindSchema = z.enum(['triage', 'chat']);
export type RunKind = z.infer<typeof runKindSchema>;

export const runStatusSchema = z.enum(['running', 'completed', 'failed']);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** A message as the model saw it (system prompt, user turns, assistant turns with tool calls, tool results). */
export const transcriptMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  toolCalls: z.array(z.object({ id: z.string(), name: z.string(), args: z.unknown() })).optional(),
  toolCallId: z.string().optional(),
  name: z.string().optional(),
});
export type TranscriptMessage = z.infer<typeof transcriptMessageSchema>;

/** One tool call the model asked for, exactly as it went through the policy gate. */
export const transcriptToolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  args: z.unknown(),
  /** 1-based model step that asked for the call. */
  step: z.number().int(),
  decision: decisionSchema.optional(),
  status: z.enum(['ok', 'executed', 'pending_approval', 'denied', 'failed', 'skipped']),
  reason: z.string().optional(),
  rule: z.string().optional(),
  policyVersion: z.number().int().optional(),
  proposalId: z.string().optional(),
  approverRole: z.string().optional(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  startedAt: z.string(),
  durationMs: z.number(),
});
export type TranscriptToolCall = z.infer<typeof transcriptToolCallSchema>;

export const transcriptDecisionSchema = z.object({
  toolCallId: z.string(),
  tool: z.string(),
  decision: decisionSchema,
  reason: z.string(),
  rule: z.string().optional(),
  policyVersion: z.number().int().optional(),
});
export type TranscriptDecision = z.infer<typeof transcriptDecisionSchema>;

export const transcriptProposalSchema = z.object({
  id: z.string(),
  toolCallId: z.string(),
  tool: z.string(),
  args: z.unknown(),
  decision: decisionSchema,
  /** executed (allowed and run), pending_approval (routed to approverRole), failed. */
  status: z.enum(['executed', 'pending_approval', 'failed']),
  approverRole: z.string().optional(),
  reason: z.string(),
});
export type TranscriptProposal = z.infer<typeof transcriptProposalSchema>;

export const runOutcomeSchema = z.object({
  /** answer (chat), executed / awaiting_approval / handoff (triage), failed (either). */
  kind: z.enum(['answer', 'executed', 'awaiting_approval', 'handoff', 'failed']),
  reason: z.string().optional(),
  /** Citations the model wrote that pointed nowhere in this run and were removed. */
  removedCitations: z.array(z.string()).default([]),
});
export type RunOutcome = z.infer<typeof runOutcomeSchema>;

export const tokenUsageSchema = z.object({
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  totalTokens: z.number().int(),
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

export const runTimingsSchema = z.object({
  totalMs: z.number(),
  modelMs: z.number(),
  toolMs: z.number(),
  modelCalls: z.number().int(),
  toolCalls: z.number().int(),
});
export type RunTimings = z.infer<typeof runTimingsSchema>;

export const runInputSchema = z.object({
  /** The user's message (chat) or the triage instruction. */
  message: z.string(),
  /** Earlier turns of the thread the model was given (chat). */
  /** `event`: a system-written notice of what became of a proposal the thread made (approved, rejected, confirmed…). */
  history: z.array(z.object({ role: z.enum(['user', 'assistant', 'event']), content: z.string() })).default([]),
  /** The exception being triaged, as loaded when the run started. */
  exception: z.record(z.string(), z.unknown()).optional(),
  /** The governing runbook retrieved for a triage run (document id, version, actions, section refs). */
  runbook: z
    .object({ documentId: z.string(), version: z.number().int(), actions: z.array(z.string()), sections: z.array(z.string()) })
    .optional(),
});
export type RunInput = z.infer<typeof runInputSchema>;

export const runTranscriptSchema = z.object({
  format: z.literal(TRANSCRIPT_FORMAT),
  id: z.uuid(),
  tenantId: z.uuid(),
  kind: runKindSchema,
  status: runStatusSchema,
  userId: z.string().nullable(),
  threadId: z.string().nullable(),
  exceptionId: z.string().nullable(),
  model: z.string(),
  input: runInputSchema,
  messages: z.array(transcriptMessageSchema),
  toolCalls: z.array(transcriptToolCallSchema),
  decisions: z.array(transcriptDecisionSchema),
  proposals: z.array(transcriptProposalSchema),
  citations: z.array(citationSchema),
  answer: z.string().nullable(),
  outcome: runOutcomeSchema.nullable(),
  usage: tokenUsageSchema.nullable(),
  timings: runTimingsSchema.partial(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RunTranscript = z.infer<typeof runTranscriptSchema>;
