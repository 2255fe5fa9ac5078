/** Evidence of the order exceptions: address_validation_failed, erp_sync_failed, duplicate_order. */
import { z } from 'zod';
import { count, isoTime, money } from './evidence-fields.ts';

/** A ship-to address as the order stores it (every part optional: the failure may be a missing part). */
export const evidenceAddressSchema = z
  .object({
    name: z.string().nullable(),
    company: z.string().nullable(),
    line1: z.string().nullable(),
    line2: z.string().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    postalCode: z.string().nullable(),
    country: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .partial();

export const addressValidationFailedEvidenceSchema = z.object({
  /** The address service's message, e.g. "AV-UNIT: apartment or suite number missing". */
  issue: z.string().nullable(),
  /** The AV-… result code in the message (AV-STD: deliverable after standardisation). */
  resultCode: z.string().nullable(),
  address: evidenceAddressSchema,
  /** The validator's suggested fields from the latest failure ({ postalCode: "43215" }); null or absent without one. */
  suggestion: z.record(z.string(), z.string()).nullable().optional(),
  channel: z.string(),
  orderStatus: z.string(),
  shipBy: isoTime.nullable(),
  hoursToShipBy: z.number().nullable(),
});

export const erpSyncFailedEvidenceSchema = z.object({
  errorCode: z.string(),
  errorMessage: z.string().nullable(),
  retryable: z.boolean(),
  /** ERP-409: the document probably exists already; a retry would duplicate it. */
  neverRetry: z.boolean(),
  document: z.string(),
  failedAttempts: count,
  firstFailedAt: isoTime.nullable(),
  lastAttemptAt: isoTime.nullable(),
  hoursFailing: z.number().nullable(),
  failingOrdersInTenant: count,
  orderStatus: z.string(),
});

export const DUPLICATE_BASES = ['same_external_ref', 'same_customer_items_window'] as const;

export const duplicateOrderEvidenceSchema = z.object({
  basis: z.enum(DUPLICATE_BASES),
  originalOrderId: z.string(),
  originalOrderNumber: z.string(),
  originalStatus: z.string(),
  originalPlacedAt: isoTime,
  originalTotal: money,
  duplicateStatus: z.string(),
  placedAt: isoTime,
  total: money,
  minutesApart: z.number(),
  lineCount: count,
  channel: z.string(),
  externalRef: z.string().nullable(),
  netCaptured: money,
  originalNetCaptured: money,
  chargedTwice: z.boolean(),
  summary: z.string(),
});
