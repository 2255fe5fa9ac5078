/** Evidence of the fulfilment exceptions: shipment_delayed and return_inspection_overdue. */
import { z } from 'zod';
import { isoTime } from './evidence-fields.ts';

export const CARRIER_DELAY_REASONS = ['carrier_exception', 'past_estimated_delivery', 'no_tracking_movement'] as const;

/** A parcel the carrier has: an exception scan, past its estimate, or no movement. */
export const carrierDelayEvidenceSchema = z.object({
  reasons: z.array(z.enum(CARRIER_DELAY_REASONS)).min(1),
  carrier: z.string(),
  serviceLevel: z.string().nullable(),
  shipmentStatus: z.string(),
  exceptionCode: z.string().nullable(),
  exceptionMessage: z.string().nullable(),
  promisedDate: isoTime.nullable(),
  estimatedDeliveryAt: isoTime.nullable(),
  shippedAt: isoTime.nullable(),
  lastCarrierScanAt: isoTime.nullable(),
  daysLate: z.number(),
  contractualDelivery: z.boolean(),
});

/** An order not shipped by its ship-by date (a warehouse issue, not a carrier one). */
export const notShippedEvidenceSchema = z.object({
  reasons: z.array(z.literal('not_shipped_by_ship_by_date')).length(1),
  orderStatus: z.string(),
  channel: z.string(),
  shipBy: isoTime,
  releasedAt: isoTime.nullable(),
  daysLate: z.number(),
  contractualDelivery: z.boolean(),
});

export const shipmentDelayedEvidenceSchema = z.union([carrierDelayEvidenceSchema, notShippedEvidenceSchema]);

export const returnInspectionOverdueEvidenceSchema = z.object({
  returnStatus: z.string(),
  reason: z.string().nullable(),
  receivedAt: isoTime,
  businessDaysSinceReceipt: z.number(),
  calendarDaysSinceReceipt: z.number(),
  inspectionTargetBusinessDays: z.number(),
  refundDueBy: isoTime,
  pendingLines: z.array(z.object({ sku: z.string(), quantityReceived: z.number(), grade: z.string().nullable() })),
});
