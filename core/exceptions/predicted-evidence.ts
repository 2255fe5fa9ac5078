/**
 * Evidence of the predicted exception types: the numbers behind each decision, so a person or the
 * triage agent can check it (forecast, interval, projected stockout date, inbound, lead time; or the
 * late probability and what it was learned from). Validated before anything is written.
 */
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const stockoutRiskEvidenceSchema = z.strictObject({
  skuCode: z.string().min(1),
  locationCode: z.string().min(1),
  demandClass: z.enum(['smooth', 'erratic', 'intermittent', 'lumpy']),
  method: z.enum(['ets_weekly', 'ses', 'croston', 'sba', 'tsb']),
  /** Expected demand per day over the horizon, and its interval at intervalLevel. */
  forecastPerDay: z.number().min(0),
  forecastOverHorizon: z.number().min(0),
  interval: z.strictObject({ level: z.number(), lower: z.number().min(0), upper: z.number().min(0) }),
  available: z.number().int(),
  openDemand: z.number().int().min(0),
  safetyStock: z.number().int().min(0),
  inbound: z
    .array(
      z.strictObject({
        reference: z.string().optional(),
        quantity: z.number().int(),
        expectedOn: day,
        /** A purchase order, or stock in transit from another location (absent on older evidence: a purchase order). */
        source: z.enum(['purchase_order', 'transfer']).optional(),
      }),
    )
    .max(50),
  leadTimeDays: z.number().min(0),
  leadTimeSource: z.enum(['history', 'policy_default']),
  serviceLevel: z.number(),
  alertConfidence: z.number(),
  horizonDays: z.number().int(),
  /** First day stock at the service level is below zero; the expected (mean) date when within the horizon. */
  projectedStockoutOn: day,
  daysLeft: z.number().int().min(0),
  expectedStockoutOn: day.nullable(),
  suggestedOrderQuantity: z.number().int().min(0),
  /** Who a reorder goes to: the supplier of the SKU's last purchase order (null: never ordered; absent on older evidence). */
  supplier: z.string().min(1).nullable().optional(),
  /** Other locations of the SKU with stock on hand beyond their own forecast needs: where a rebalance can come from. */
  surplusElsewhere: z
    .array(z.strictObject({ locationCode: z.string().min(1), surplus: z.number().int().min(1) }))
    .max(50)
    .optional(),
  /**
   * The tenant's key channels (policy forecasting.keyChannels, in the policy's order) that sold the SKU
   * recently, each with its share of the SKU's demand across all channels: what a ring-fence is sized from.
   */
  keyChannels: z
    .array(z.strictObject({ channel: z.string().min(1), share: z.number().gt(0).max(1) }))
    .max(20)
    .optional(),
});
export type StockoutRiskEvidence = z.infer<typeof stockoutRiskEvidenceSchema>;

const carrierServiceSchema = z.strictObject({
  carrier: z.string().min(1),
  serviceLevel: z.string().nullable(),
  medianTransitHours: z.number().min(0),
  shipments: z.number().int().min(0),
});

export const lateShipmentRiskEvidenceSchema = z.strictObject({
  orderNumber: z.string().min(1),
  probabilityLate: z.number().min(0).max(1),
  threshold: z.number().min(0).max(1),
  stage: z.enum(['awaiting_release', 'released']),
  blocked: z.boolean(),
  promisedAt: z.string(),
  hoursLeft: z.number(),
  hoursInStage: z.number(),
  /** How many past orders the probability was learned from, and from which group. */
  comparableOrders: z.number().int().min(0),
  locationCode: z.string().nullable(),
  /** Orders waiting at the same location now (backlog), for context. */
  locationBacklog: z.number().int().min(0),
  /**
   * By when 90 % of the comparable orders had shipped, and how many hours after the ship-by date that is:
   * the new date a delay notice quotes (absent on older evidence).
   */
  likelyShippedBy: z.string().optional(),
  likelyDelayHours: z.number().min(0).optional(),
  /** The carrier service the location usually ships with, and the fastest quicker one it has used: what an upgrade saves. */
  usualService: carrierServiceSchema.nullable().optional(),
  fasterService: carrierServiceSchema
    .extend({ savesHours: z.number().min(0) })
    .nullable()
    .optional(),
});
export type LateShipmentRiskEvidence = z.infer<typeof lateShipmentRiskEvidenceSchema>;

export const PREDICTED_EVIDENCE_SCHEMAS = {
  stockout_risk: stockoutRiskEvidenceSchema,
  late_shipment_risk: lateShipmentRiskEvidenceSchema,
} as const;
