/** The compact view of an operational exception that list_exceptions and get_exception return. */
import { z } from 'zod';
import { type OperationalException, readTypedEvidence, type TypedEvidence } from '../../core/exceptions/index.ts';
import { iso, timestampField } from './result-helpers.ts';

export const exceptionSummarySchema = z.object({
  id: z.string(),
  type: z.string(),
  severity: z.string(),
  status: z.string(),
  title: z.string(),
  /** The entities by the codes people use: orderNumber, skuCode, locationCode, customerCode, shipmentRef, rmaNumber, invoiceNumber. */
  entities: z.record(z.string(), z.string()),
  detectedAt: timestampField,
  lastDetectedAt: timestampField,
  slaDueAt: timestampField,
  slaBreached: z.boolean(),
  resolvedAt: timestampField.nullable(),
});
export type ExceptionSummary = z.infer<typeof exceptionSummarySchema>;

export function summarizeException(exception: OperationalException): ExceptionSummary {
  const entities: Record<string, string> = {};
  for (const [key, value] of Object.entries(exception.codes)) if (typeof value === 'string' && value) entities[key] = value;
  return {
    id: exception.id,
    type: exception.type,
    severity: exception.severity,
    status: exception.status,
    title: exception.title,
    entities,
    detectedAt: iso(exception.detectedAt),
    lastDetectedAt: iso(exception.lastDetectedAt),
    slaDueAt: iso(exception.slaDueAt),
    slaBreached: exception.slaBreached,
    resolvedAt: iso(exception.resolution.resolvedAt),
  };
}

/** Items kept of a list in evidence (a credit account's waiting orders, an order's payments, a return's lines). */
export const EVIDENCE_LIST_LIMIT = 10;

/**
 * Evidence as its type's schema has it (the contract), with long lists cut to their first items so a
 * large account cannot flood the model's context; `omitted` counts what was cut, per field.
 */
export function compactEvidence(exception: TypedEvidence): { typed: TypedEvidence; omitted: Record<string, number> } {
  const omitted: Record<string, number> = {};
  const evidence: Record<string, unknown> = { ...exception.evidence };
  for (const [key, value] of Object.entries(evidence)) {
    if (Array.isArray(value) && value.length > EVIDENCE_LIST_LIMIT) {
      evidence[key] = value.slice(0, EVIDENCE_LIST_LIMIT);
      omitted[key] = value.length - EVIDENCE_LIST_LIMIT;
    }
  }
  return { typed: readTypedEvidence(exception.type, evidence, 'returned by get_exception'), omitted };
}
