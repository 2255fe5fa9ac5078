/** Test support: observations and calls built by hand, as a transcript would describe a run. */
import type { ObservedCall, ObservedProposal, Observation } from '../../run/observation.ts';

let next = 0;

export function call(tool: string, args: Record<string, unknown> = {}, extra: Partial<ObservedCall> = {}): ObservedCall {
  next += 1;
  return { id: `call_${next}`, tool, args, step: 1, status: 'ok', decision: 'allow', ...extra };
}

export function proposal(tool: string, args: Record<string, unknown>, extra: Partial<ObservedProposal> = {}): ObservedProposal {
  next += 1;
  return {
    id: `proposal_${next}`,
    toolCallId: `call_${next}`,
    tool,
    args,
    decision: 'require_approval',
    status: 'pending_approval',
    approverRole: 'approver',
    ...extra,
  };
}

export function observation(extra: Partial<Observation> = {}): Observation {
  return {
    runId: '00000000-0000-4000-8000-000000000001',
    kind: 'triage',
    tenantId: '00000000-0000-4000-8000-0000000000aa',
    model: 'offline',
    input: 'Triage exception e-1 (type stock_conflict).',
    status: 'completed',
    error: null,
    outcome: { kind: 'awaiting_approval' },
    answer: '',
    citations: [],
    toolCalls: [],
    proposals: [],
    steps: 3,
    latencyMs: 120,
    ...extra,
  };
}
