/**
 * The structured end of a triage run: a `finish_triage` tool the model calls with its outcome, validated
 * with zod, instead of a line the run has to find in free text. The facts still win: a proposal waiting
 * for approval makes the run `awaiting_approval` whatever the model claims (classify-triage.ts).
 * Models that cannot call it (or run out of steps) fall back to the "Hand-off to a human:" line.
 */
import { createMiddleware, ToolMessage } from 'langchain';
import { z } from 'zod';
import type { RunRecorder } from '../run/run-recorder.ts';
import type { ToolDescriptor } from '../toolbox/toolbox.ts';

export const FINISH_TRIAGE = 'finish_triage';

export const triageFinishSchema = z.strictObject({
  outcome: z
    .enum(['proposed', 'handed_off', 'resolved'])
    .describe('proposed: you proposed the remediation; handed_off: a person must take over; resolved: nothing needs doing.'),
  summary: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .describe('Two or three sentences for the exception history: what you found and did, with citations.'),
  reason: z.string().trim().min(1).max(1000).optional().describe('handed_off or resolved: why (what is missing, what the runbook says).'),
});
export type TriageFinish = z.infer<typeof triageFinishSchema>;

export const finishTriageDescriptor: ToolDescriptor = {
  name: FINISH_TRIAGE,
  description:
    'Ends the triage with its outcome. Call it once, last, after any write proposals: outcome proposed (you proposed ' +
    'the remediation), handed_off (a person must take over; say why in reason) or resolved (nothing needs doing; say why).',
  kind: 'read',
  inputJsonSchema: (() => {
    const schema = z.toJSONSchema(triageFinishSchema, { io: 'input' }) as Record<string, unknown>;
    delete schema.$schema;
    return schema;
  })(),
};

/** Answers `finish_triage` calls (before the policy gate, which knows no such tool) and records the outcome. */
export function finishTriageMiddleware(options: { recorder: RunRecorder; onFinish: (finish: TriageFinish) => void }) {
  const { recorder } = options;
  return createMiddleware({
    name: 'FinishTriage',
    wrapToolCall: async (request, handler) => {
      if (request.toolCall.name !== FINISH_TRIAGE) return handler(request);
      const id = request.toolCall.id ?? `call_${recorder.toolCalls.length + 1}`;
      const startedAt = new Date();
      const parsed = triageFinishSchema.safeParse(request.toolCall.args);
      const call = { id, name: FINISH_TRIAGE, args: request.toolCall.args };
      recorder.toolCallsRequested += 1;
      recorder.emit({ type: 'tool_call', id, name: FINISH_TRIAGE, args: request.toolCall.args });
      if (!parsed.success) {
        const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ');
        recorder.recordToolCall(
          call,
          { tool: FINISH_TRIAGE, decision: 'deny', status: 'failed', reason: message, error: { code: 'validation_failed', message } },
          startedAt,
          0,
        );
        return new ToolMessage({
          content: `Not recorded: ${message}. Call ${FINISH_TRIAGE} again with valid arguments.`,
          tool_call_id: id,
          name: FINISH_TRIAGE,
          status: 'error',
        });
      }
      options.onFinish(parsed.data);
      recorder.recordToolCall(
        call,
        { tool: FINISH_TRIAGE, decision: 'allow', status: 'ok', reason: 'triage outcome recorded', result: parsed.data },
        startedAt,
        0,
      );
      return new ToolMessage({
        content: 'Outcome recorded. Now write the final summary for the exception history in plain text; call no more tools.',
        tool_call_id: id,
        name: FINISH_TRIAGE,
        status: 'success',
      });
    },
  });
}
