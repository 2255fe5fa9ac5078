/**
 * The evidence contract: one zod schema per exception type, the facts its rule found. Rules produce
 * it (checked before it is stored), the tools return it, and the offline drafters, the UI and the docs
 * (docs/exceptions.md) read it by these names: a renamed field is a type error everywhere it is read.
 */
import { z } from 'zod';
import { actionFailedDownstreamEvidenceSchema, actionUnconfirmedEvidenceSchema } from './action-evidence.ts';
import { AppError, type FieldIssue, issuesFromZod } from '../../errors.ts';
import type { ExceptionType } from '../exception-types.ts';
import { lateShipmentRiskEvidenceSchema, stockoutRiskEvidenceSchema } from '../predicted-evidence.ts';
import { addressValidationFailedEvidenceSchema, duplicateOrderEvidenceSchema, erpSyncFailedEvidenceSchema } from './order-evidence.ts';
import {
  type carrierDelayEvidenceSchema,
  returnInspectionOverdueEvidenceSchema,
  shipmentDelayedEvidenceSchema,
} from './fulfilment-evidence.ts';
import { creditHoldEvidenceSchema, invoiceMismatchEvidenceSchema, paymentMismatchEvidenceSchema } from './money-evidence.ts';
import { backorderAgingEvidenceSchema, stockConflictEvidenceSchema } from './stock-evidence.ts';

export const EVIDENCE_SCHEMAS = {
  stock_conflict: stockConflictEvidenceSchema,
  payment_mismatch: paymentMismatchEvidenceSchema,
  address_validation_failed: addressValidationFailedEvidenceSchema,
  erp_sync_failed: erpSyncFailedEvidenceSchema,
  shipment_delayed: shipmentDelayedEvidenceSchema,
  invoice_mismatch: invoiceMismatchEvidenceSchema,
  credit_hold: creditHoldEvidenceSchema,
  return_inspection_overdue: returnInspectionOverdueEvidenceSchema,
  backorder_aging: backorderAgingEvidenceSchema,
  duplicate_order: duplicateOrderEvidenceSchema,
  stockout_risk: stockoutRiskEvidenceSchema,
  late_shipment_risk: lateShipmentRiskEvidenceSchema,
  action_failed_downstream: actionFailedDownstreamEvidenceSchema,
  action_unconfirmed: actionUnconfirmedEvidenceSchema,
} as const satisfies Record<ExceptionType, z.ZodType>;

/** The evidence of one exception type. */
export type EvidenceOf<T extends ExceptionType> = z.infer<(typeof EVIDENCE_SCHEMAS)[T]>;

const typed = <T extends ExceptionType>(type: T) => z.object({ type: z.literal(type), evidence: EVIDENCE_SCHEMAS[type] });

/** An exception's type with its evidence: the discriminated union every reader narrows by `type`. */
export const typedEvidenceSchema = z.discriminatedUnion('type', [
  typed('stock_conflict'),
  typed('payment_mismatch'),
  typed('address_validation_failed'),
  typed('erp_sync_failed'),
  typed('shipment_delayed'),
  typed('invoice_mismatch'),
  typed('credit_hold'),
  typed('return_inspection_overdue'),
  typed('backorder_aging'),
  typed('duplicate_order'),
  typed('stockout_risk'),
  typed('late_shipment_risk'),
  typed('action_failed_downstream'),
  typed('action_unconfirmed'),
]);
export type TypedEvidence = z.infer<typeof typedEvidenceSchema>;

/** Any exception type's evidence (the union of all of them). */
export type ExceptionEvidence = TypedEvidence['evidence'];

/** shipment_delayed for a parcel the carrier has (not an order that never shipped). */
export type CarrierDelayEvidence = z.infer<typeof carrierDelayEvidenceSchema>;
export const isCarrierDelay = (evidence: EvidenceOf<'shipment_delayed'>): evidence is CarrierDelayEvidence => !('shipBy' in evidence);

/** Evidence that does not match its type's schema: a rule (writing) or the stored row (reading) broke the contract. */
export class EvidenceContractError extends AppError {
  constructor(type: ExceptionType, where: string, issues: FieldIssue[]) {
    super(
      'internal',
      `${type} evidence ${where} does not match its schema: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      {
        issues,
      },
    );
  }
}

/** The evidence checked against its type's schema (unknown fields dropped); throws EvidenceContractError naming each bad field. */
export function checkEvidence<T extends ExceptionType>(type: T, evidence: unknown, where: string): EvidenceOf<T> {
  const parsed = EVIDENCE_SCHEMAS[type].safeParse(evidence);
  if (!parsed.success) throw new EvidenceContractError(type, where, issuesFromZod(parsed.error));
  return parsed.data as EvidenceOf<T>;
}

export type BackorderBand = EvidenceOf<'backorder_aging'>['band'];
export type CreditTrigger = EvidenceOf<'credit_hold'>['triggers'][number];
export type PaymentMismatchKind = EvidenceOf<'payment_mismatch'>['kind'];
export type CarrierDelayReason = CarrierDelayEvidence['reasons'][number];

/** A stored exception's type and evidence, checked together: the union readers narrow by `type`. */
export function readTypedEvidence(type: ExceptionType, evidence: unknown, where: string): TypedEvidence {
  const parsed = typedEvidenceSchema.safeParse({ type, evidence });
  if (!parsed.success) throw new EvidenceContractError(type, where, issuesFromZod(parsed.error));
  return parsed.data;
}
