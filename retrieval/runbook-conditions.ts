/**
 * The conditions and thresholds a runbook's text states, as structured front-matter (`conditions:`),
 * so code that drafts remediations reads them from the runbook rather than repeating them as
 * constants: change the runbook, and the drafts change with it. Ingestion validates them (a typo in a
 * threshold is an ingest error naming the line, not a silently ignored key); retrieval stores and
 * returns them with the document. Every key is optional: a runbook states only what its text says.
 */
import { z } from 'zod';

const errorCode = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9]{0,11}-[A-Z0-9]{1,12}$/, 'an error code such as ERP-503');
const codes = z.array(errorCode).max(50);
const days = z.number().int().min(0).max(3660);
const word = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'a lowercase word such as released or restock');

export const runbookConditionsSchema = z.strictObject({
  /** retry_erp_sync: error codes a retry as-is can clear. */
  retryable_codes: codes.optional(),
  /** Error codes that fail again until the data is fixed (no retry before that). */
  fix_first_codes: codes.optional(),
  /** Error codes never retried (a duplicate document). */
  never_retry_codes: codes.optional(),
  /** Error codes the integration middleware retries on its own, after `self_retry_minutes`. */
  self_retried_codes: codes.optional(),
  self_retry_minutes: z.array(z.number().positive().max(1440)).max(10).optional(),
  /** The most manual retries of one document before escalating. */
  max_manual_retries: z.number().int().min(0).max(50).optional(),
  /** place_order_hold for an ERP sync failure: the codes that call for a hold of an order on credit terms. */
  hold_codes_on_credit_terms: codes.optional(),
  /** place_order_hold: the order statuses in which a hold is placed (e.g. released to a pick wave). */
  hold_order_statuses: z.array(word).max(20).optional(),
  /** issue_refund for a delayed parcel: the shipping fee is refunded when it is more than this many days late. */
  shipping_refund_after_days_late: days.optional(),
  /** apply_credit_hold / release_credit_hold: the oldest invoice more than this many days past due triggers a hold. */
  credit_hold_past_due_days: days.optional(),
  /** Customer notices: at most one per order in this many days. */
  notice_interval_days: days.optional(),
  /** A notice without a confirmed inbound: the date of the next update, in business days from today. */
  next_update_business_days: days.optional(),
  /** A notice with a confirmed inbound: business days after its arrival to receive and ship. */
  eta_handling_business_days: days.optional(),
  /** set_return_disposition: the disposition each inspection grade gets without a person (grades not listed need one). */
  disposition_by_grade: z.record(z.string().regex(/^[A-Z]$/, 'a one-letter grade'), word).optional(),
});
export type RunbookConditions = z.infer<typeof runbookConditionsSchema>;

/** Conditions read back from storage: written validated, but a row predating a key change reads as none. */
export function storedConditions(value: unknown): RunbookConditions {
  const parsed = runbookConditionsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}
