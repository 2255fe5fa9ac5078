import { describe, expect, it } from 'vitest';
import {
  runTranscriptSchema,
  TRANSCRIPT_FORMAT,
  type RunTranscript,
  type TranscriptToolCall,
} from '../agent/transcripts/transcript-schema.ts';
import type { TriageItem } from '../agent/triage/triage-exception.ts';
import { judgeTriage } from './triage-quality.ts';

const RUNBOOK = {
  documentId: 'rb-payment-mismatch',
  version: 2,
  actions: ['place_order_hold', 'issue_refund'],
  sections: ['rb-payment-mismatch#triage'],
};

function call(name: string, args: Record<string, unknown>, extra: Partial<TranscriptToolCall> = {}): TranscriptToolCall {
  return { id: `call-${name}`, name, args, step: 1, status: 'ok', startedAt: '2026-11-22T10:00:00Z', durationMs: 3, ...extra };
}

function transcript(toolCalls: TranscriptToolCall[], overrides: Partial<RunTranscript> = {}): RunTranscript {
  return runTranscriptSchema.parse({
    format: TRANSCRIPT_FORMAT,
    id: '7d1f6c0e-1c2a-4a57-9a0c-2b3f4d5e6f70',
    tenantId: '0b8f3a5e-9d2c-4e1f-8a7b-6c5d4e3f2a10',
    kind: 'triage',
    status: 'completed',
    userId: null,
    threadId: null,
    exceptionId: 'ex-1',
    model: 'offline',
    input: { message: 'triage', exception: { type: 'payment_mismatch', entities: { orderNumber: '2001' } }, runbook: RUNBOOK },
    messages: [],
    toolCalls,
    decisions: [],
    proposals: toolCalls
      .filter((item) => item.proposalId)
      .map((item) => ({
        id: item.proposalId,
        toolCallId: item.id,
        tool: item.name,
        args: item.args,
        decision: item.decision,
        status: item.status,
        reason: 'r',
      })),
    citations: [{ ref: 'rb-payment-mismatch#triage', documentId: 'rb-payment-mismatch' }],
    answer: 'Refund the excess [rb-payment-mismatch#triage]',
    outcome: { kind: 'awaiting_approval' },
    usage: null,
    timings: {},
    error: null,
    startedAt: '2026-11-22T10:00:00Z',
    finishedAt: '2026-11-22T10:00:01Z',
    ...overrides,
  });
}

const item = (outcome: TriageItem['outcome'], reason?: string): TriageItem => ({
  exceptionId: 'ex-1',
  type: 'payment_mismatch',
  outcome,
  proposals: [],
  runId: 'run-1',
  ...(reason ? { reason } : {}),
});
const getOrder = call('get_order', { order: '2001' }, { result: { number: '2001', customer: { code: 'C-100' } } });

describe('judgeTriage', () => {
  it('counts a grounded proposal of a runbook remediation whose entities come from the run', () => {
    const refund = call(
      'issue_refund',
      { order: '2001', amount: 30 },
      { status: 'pending_approval', decision: 'require_approval', proposalId: 'p-1' },
    );
    expect(judgeTriage(item('awaiting_approval'), transcript([getOrder, refund]))).toMatchObject({ good: true, grounded: true });
  });

  it('refuses a proposal whose order appears in no tool result (an invented entity)', () => {
    const refund = call(
      'issue_refund',
      { order: '9999', amount: 30 },
      { status: 'pending_approval', decision: 'require_approval', proposalId: 'p-1' },
    );
    expect(judgeTriage(item('awaiting_approval'), transcript([getOrder, refund]))).toMatchObject({
      good: false,
      why: expect.stringContaining('order = 9999'),
    });
  });

  it('refuses a write the runbook does not prescribe', () => {
    const adjust = call(
      'adjust_inventory',
      { sku: 'MUG-01', location: 'WH-EAST', delta: 5 },
      { status: 'pending_approval', decision: 'require_approval', proposalId: 'p-1' },
    );
    expect(judgeTriage(item('awaiting_approval'), transcript([getOrder, adjust]))).toMatchObject({
      good: false,
      why: expect.stringContaining('not among the runbook'),
    });
  });

  it('refuses a run that cites no passage', () => {
    expect(judgeTriage(item('handoff', 'x'), transcript([getOrder], { citations: [] }))).toMatchObject({ good: false, grounded: false });
  });

  it('counts a hand-off with a specific reason and refuses a generic one', () => {
    const specific = transcript([getOrder], {
      outcome: { kind: 'handoff', reason: 'the payment is short by 20.00: collect the difference', removedCitations: [] },
    });
    expect(judgeTriage(item('handoff'), specific)).toMatchObject({ good: true });
    const generic = transcript([getOrder], {
      outcome: { kind: 'handoff', reason: 'the agent stopped at its step limit', removedCitations: [] },
    });
    expect(judgeTriage(item('handoff'), generic)).toMatchObject({ good: false, why: expect.stringContaining('without a specific reason') });
  });

  it('refuses a failed run', () => {
    expect(judgeTriage(item('failed', 'model timed out'), undefined)).toMatchObject({ good: false, why: 'run failed: model timed out' });
  });
});
