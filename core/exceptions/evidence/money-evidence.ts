/** Evidence of the money exceptions: payment_mismatch, invoice_mismatch, credit_hold. */
import { z } from 'zod';
import { count, isoTime, money } from './evidence-fields.ts';

export const PAYMENT_MISMATCH_KINDS = ['over_capture', 'captured_on_cancelled_order', 'under_capture', 'authorized_not_captured'] as const;

export const paymentMismatchEvidenceSchema = z.object({
  kind: z.enum(PAYMENT_MISMATCH_KINDS),
  orderTotal: money,
  orderStatus: z.string(),
  authorized: money,
  captured: money,
  refunded: money,
  returnRefunds: money,
  /** Captured less corrective refunds (all refunds on a cancelled order). */
  netCaptured: money,
  expected: money,
  /** netCaptured − expected for an over-capture; negative when short. */
  difference: money,
  tolerance: money,
  captureCount: count,
  payments: z.array(z.object({ psp: z.string(), reference: z.string(), status: z.string(), captured: money, refunded: money })),
});

export const invoiceMismatchEvidenceSchema = z.object({
  invoiceAmount: money,
  invoiceTax: money,
  invoicePaid: money,
  invoiceStatus: z.string(),
  postedAt: isoTime,
  orderTotal: money,
  orderTax: money,
  orderShipping: money,
  orderDiscount: money,
  orderStatus: z.string(),
  /** Invoice amount − order total. */
  difference: money,
  tolerance: money,
  monthEndClose: isoTime,
});

export const CREDIT_TRIGGERS = ['over_limit', 'past_due', 'account_on_hold'] as const;

export const creditHoldEvidenceSchema = z.object({
  triggers: z.array(z.enum(CREDIT_TRIGGERS)).min(1),
  creditLimit: money,
  exposure: money,
  openOrderValue: money,
  unpaidInvoiceValue: money,
  availableCredit: money,
  utilisationPercent: z.number().nullable(),
  oldestPastDueDays: count,
  creditStatus: z.string(),
  creditHoldReason: z.string().nullable(),
  tier: z.string(),
  paymentTerms: z.string(),
  waitingOrders: z.array(z.object({ number: z.string(), total: money, status: z.string() })),
});
