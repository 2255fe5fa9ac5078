/** Evidence of the stock exceptions: stock_conflict (a location or the network oversold) and backorder_aging. */
import { z } from 'zod';
import { count, isoTime } from './evidence-fields.ts';

/** Committed units at one location exceed what is on hand. */
export const locationStockConflictEvidenceSchema = z.object({
  scope: z.literal('location'),
  available: z.number(),
  allocated: z.number(),
  onHand: z.number(),
  shortfall: z.number(),
  activeReservations: count,
  earliestShipBy: isoTime.nullable(),
});

/** Demand waiting across the network exceeds the free pool (available − safety stock − ring-fences). */
export const networkStockConflictEvidenceSchema = z.object({
  scope: z.literal('network'),
  available: z.number(),
  heldBackForSafetyStock: z.number(),
  ringFencedByChannel: z.record(z.string(), z.number()),
  freePool: z.number(),
  unreservedDemand: z.number(),
  demandByChannel: z.record(z.string(), z.number()),
  /** The no-channel figure get_inventory shows (every ring-fence held back). */
  availableToSell: z.number(),
  shortfall: z.number(),
  waitingLines: count,
  earliestShipBy: isoTime.nullable(),
});

export const stockConflictEvidenceSchema = z.discriminatedUnion('scope', [
  locationStockConflictEvidenceSchema,
  networkStockConflictEvidenceSchema,
]);

export const BACKORDER_BANDS = ['amber', 'red', 'critical'] as const;

export const backorderAgingEvidenceSchema = z.object({
  orderLineId: z.string(),
  lineNumber: count,
  quantityBackordered: z.number(),
  quantityOrdered: z.number(),
  placedAt: isoTime,
  ageDays: z.number(),
  band: z.enum(BACKORDER_BANDS),
  channel: z.string(),
  noticesSent: count,
  lastNoticeAt: isoTime.nullable(),
  lastPromisedDate: isoTime.nullable(),
  communicatedDatePassed: z.boolean(),
});
