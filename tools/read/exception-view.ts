/** The compact view of an operational exception that list_exceptions and get_exception return. */
import { z } from 'zod';
import type { OperationalException } from '../../core/exceptions/index.ts';
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

const MAX_EVIDENCE_CHARS = 4000;

/** Evidence is the rule's numbers; kept whole unless it is unusually large, then cut to its scalar fields. */
export function compactEvidence(evidence: Record<string, unknown>): Record<string, unknown> {
  if (JSON.stringify(evidence).length <= MAX_EVIDENCE_CHARS) return evidence;
  const scalars: Record<string, unknown> = { truncated: true };
  for (const [key, value] of Object.entries(evidence)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      scalars[key] = typeof value === 'string' && value.length > 300 ? `${value.slice(0, 299)}…` : value;
    }
  }
  return scalars;
}
