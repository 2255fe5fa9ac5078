import { describe, expect, it } from 'vitest';
import type { EvidenceOf } from '../../../../core/exceptions/index.ts';
import { sampleEvidence } from '../../../../core/exceptions/testing/evidence-fixtures.ts';
import type { RunbookConditions } from '../../../../retrieval/runbook-conditions.ts';
import { DRAFTERS } from '../remediation-drafters.ts';
import { bundledRunbookConditions } from '../testing/bundled-runbook-conditions.ts';
import type { TriageKnowledge } from '../triage-knowledge.ts';

// The drafters' decisions follow the governing runbook's front-matter conditions: the same exception
// drafted under the bundled runbook and under an edited copy of its conditions must decide differently.

const now = new Date('2026-11-20T10:00:00Z');

function knowledge(
  type: string,
  extra: Partial<TriageKnowledge>,
  conditions?: (bundled: RunbookConditions) => RunbookConditions,
): TriageKnowledge {
  const bundled = bundledRunbookConditions(type);
  return {
    exception: { businessTimeZone: 'UTC' },
    type,
    orderRef: '2001',
    passages: [],
    tenantPassages: [],
    searched: true,
    now,
    ...bundled,
    ...(conditions ? { conditions: conditions(bundled.conditions) } : {}),
    ...extra,
  };
}

const first = (tool: string, item: TriageKnowledge) => [DRAFTERS[tool]!(item)].flat()[0]!;

describe('retry_erp_sync follows the runbook’s codes and retry limit', () => {
  const erp = (overrides: Partial<EvidenceOf<'erp_sync_failed'>>) => ({
    typedEvidence: sampleEvidence('erp_sync_failed', { retryable: true, ...overrides }),
    order: { status: 'validated' },
  });

  it('retries a code only when the runbook lists it as retryable', () => {
    const item = (conditions?: (bundled: RunbookConditions) => RunbookConditions) =>
      knowledge('erp_sync_failed', erp({ errorCode: 'ERP-504' }), conditions);
    expect(first('retry_erp_sync', item())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/ERP-504 is not among the codes rb-erp-sync-failed lists as retryable/),
    });
    const widened = item((bundled) => ({ ...bundled, retryable_codes: [...(bundled.retryable_codes ?? []), 'ERP-504'] }));
    expect(first('retry_erp_sync', widened)).toMatchObject({ ok: true, sources: { order: '2001' } });
  });

  it('never retries what the runbook says never to retry, whatever the error record says', () => {
    const item = knowledge('erp_sync_failed', erp({ errorCode: 'ERP-503', retryable: true }), (bundled) => ({
      ...bundled,
      never_retry_codes: ['ERP-503'],
    }));
    expect(first('retry_erp_sync', item)).toMatchObject({ ok: false, reason: expect.stringMatching(/never retried/) });
  });

  it('stops at the runbook’s number of manual retries', () => {
    const fourFailed = erp({ errorCode: 'ERP-503', failedAttempts: 4 });
    expect(first('retry_erp_sync', knowledge('erp_sync_failed', fourFailed))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/stop retrying and escalate/),
    });
    const moreAllowed = knowledge('erp_sync_failed', fourFailed, (bundled) => ({ ...bundled, max_manual_retries: 5 }));
    expect(first('retry_erp_sync', moreAllowed)).toMatchObject({ ok: true, rationale: expect.stringContaining('at most 5') });
  });

  it('waits while the middleware is still inside the runbook’s own retry schedule', () => {
    const tenMinutes = erp({ errorCode: 'ERP-429', hoursFailing: 10 / 60 });
    expect(first('retry_erp_sync', knowledge('erp_sync_failed', tenMinutes))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/still retrying on its own \(after 1, 5, 15 minutes\)/),
    });
    const shorterSchedule = knowledge('erp_sync_failed', tenMinutes, (bundled) => ({ ...bundled, self_retry_minutes: [1, 5] }));
    expect(first('retry_erp_sync', shorterSchedule)).toMatchObject({ ok: true });
  });

  it('hands off, saying what is missing, when the runbook states no retryable codes', () => {
    const item = knowledge('erp_sync_failed', erp({ errorCode: 'ERP-503' }), () => ({}));
    expect(first('retry_erp_sync', item)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /rb-erp-sync-failed states no which ERP error codes are retryable \(front-matter conditions.retryable_codes\)/,
      ),
    });
  });
});

describe('issue_refund for a late parcel follows the runbook’s days-late threshold', () => {
  const late = (daysLate: number) => ({
    shipmentRef: 'SHP-1',
    typedEvidence: sampleEvidence('shipment_delayed', { daysLate }),
    order: {
      status: 'shipped',
      totals: { subtotal: 32.5, discount: 0, shipping: 7.5, tax: 0, total: 40 },
      payment: { authorized: 40, captured: 40, refunded: 0, refundableAmount: 40, invoiced: 0 },
    },
  });

  it('refunds the shipping fee past the stated number of days, and not before', () => {
    expect(first('issue_refund', knowledge('shipment_delayed', late(3)))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/starts at more than 3 days \(rb-shipment-delayed\)/),
    });
    const sooner = knowledge('shipment_delayed', late(3), (bundled) => ({ ...bundled, shipping_refund_after_days_late: 2 }));
    expect(first('issue_refund', sooner)).toMatchObject({ ok: true, sources: { amount: 7.5 } });
    const none = knowledge('shipment_delayed', late(9), () => ({}));
    expect(first('issue_refund', none)).toMatchObject({ ok: false, reason: expect.stringMatching(/states no when a late parcel/) });
  });
});

describe('credit holds follow the runbook’s past-due trigger', () => {
  const pastDue = (days: number) => ({
    customerRef: 'B2B-1',
    typedEvidence: sampleEvidence('credit_hold', { availableCredit: 500, exposure: 4500, oldestPastDueDays: days }),
  });

  it('holds an account 45 days past due under a 30-day trigger, not under a 60-day one', () => {
    expect(first('apply_credit_hold', knowledge('credit_hold', pastDue(45)))).toMatchObject({
      ok: true,
      rationale: expect.stringContaining('more than 30 days past due'),
    });
    const lenient = knowledge('credit_hold', pastDue(45), (bundled) => ({ ...bundled, credit_hold_past_due_days: 60 }));
    expect(first('apply_credit_hold', lenient)).toMatchObject({ ok: false, reason: expect.stringMatching(/not more than 60 days/) });
  });
});

describe('notices and holds follow the runbook’s day counts and statuses', () => {
  const backordered = {
    sku: 'MUG-01',
    order: { status: 'backordered', lines: [{ lineNumber: 1, sku: 'MUG-01', quantity: 1, shipped: 0, reserved: 0, backordered: 1 }] },
  };

  it('dates the next update by the runbook’s business days', () => {
    expect(first('send_backorder_notice', knowledge('backorder_aging', backordered))).toMatchObject({
      ok: true,
      sources: { explicit: { newPromisedDate: '2026-11-27' } },
    });
    const slower = knowledge('backorder_aging', backordered, (bundled) => ({ ...bundled, next_update_business_days: 10 }));
    expect(first('send_backorder_notice', slower)).toMatchObject({
      ok: true,
      sources: { explicit: { newPromisedDate: '2026-12-04' } },
    });
  });

  it('allows a second notice once the runbook’s interval has passed', () => {
    const sentFourDaysAgo = { ...backordered, typedEvidence: sampleEvidence('backorder_aging', { lastNoticeAt: '2026-11-16T09:00:00Z' }) };
    expect(first('send_backorder_notice', knowledge('backorder_aging', sentFourDaysAgo))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/at most one per 7 days/),
    });
    const everyThree = knowledge('backorder_aging', sentFourDaysAgo, (bundled) => ({ ...bundled, notice_interval_days: 3 }));
    expect(first('send_backorder_notice', everyThree)).toMatchObject({ ok: true });
  });

  it('holds an order with a failed address in the statuses the runbook names', () => {
    const reserved = { order: { status: 'reserved', holds: [] }, typedEvidence: sampleEvidence('address_validation_failed', {}) };
    expect(first('place_order_hold', knowledge('address_validation_failed', reserved))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not in a pick wave/),
    });
    const earlier = knowledge('address_validation_failed', reserved, (bundled) => ({
      ...bundled,
      hold_order_statuses: ['reserved', 'released'],
    }));
    expect(first('place_order_hold', earlier)).toMatchObject({
      ok: true,
      sources: { explicit: { reasonCode: 'ADDR-CHECK' } },
    });
  });

  it('sets a return disposition from the runbook’s grading table', () => {
    const graded = (grade: string) => ({
      returnRef: 'RMA-1',
      return: { lines: [{ lineNumber: 1, sku: 'MUG-01', grade, disposition: null }] },
    });
    expect(first('set_return_disposition', knowledge('return_inspection_overdue', graded('B')))).toMatchObject({
      ok: true,
      sources: { explicit: { disposition: 'restock' } },
    });
    expect(first('set_return_disposition', knowledge('return_inspection_overdue', graded('C')))).toMatchObject({ ok: false });
    const withRefurbished = knowledge('return_inspection_overdue', graded('C'), (bundled) => ({
      ...bundled,
      disposition_by_grade: { ...bundled.disposition_by_grade, C: 'damaged' },
    }));
    expect(first('set_return_disposition', withRefurbished)).toMatchObject({
      ok: true,
      sources: { explicit: { disposition: 'damaged' } },
    });
  });
});
