/**
 * Raises new exceptions for findings in ONE statement, however many a detection run raises (a slice of
 * cancellations of paid orders raises one payment_mismatch each): the same rows, clocks and dedupe as
 * one INSERT per finding. A finding whose key a live exception already holds (a concurrent run raised
 * the same cause a moment ago) is skipped, as ON CONFLICT DO NOTHING skipped it one by one: theirs is kept.
 */
import type { Tx } from '../db/database.ts';
import { EXCEPTION_COLUMNS, type ExceptionRow } from './exception-rows.ts';
import type { ExceptionType } from './exception-types.ts';
import type { ExceptionFinding } from './rules/rule.ts';
import type { SlaCalendar } from './sla-calendar.ts';
import { computeSlaClocks } from './sla-policy.ts';

export interface NewFinding {
  type: ExceptionType;
  finding: ExceptionFinding;
}

/**
 * Inserts the findings (dedupe keys distinct: a rule's findings are keyed, and keys start with their
 * type) detected at `now`; returns the raised rows by dedupe key, as they are stored.
 */
export async function insertFindings(
  tx: Tx,
  findings: readonly NewFinding[],
  options: { tenantId: string; now: Date; calendar: SlaCalendar },
): Promise<Map<string, ExceptionRow>> {
  if (findings.length === 0) return new Map();
  const rows = findings.map(({ type, finding }) => {
    const clocks = computeSlaClocks(type, finding.severity, options.now, options.calendar, finding.resolveBy);
    const refs = finding.refs;
    return {
      type,
      severity: finding.severity,
      title: finding.title,
      dedupe_key: finding.dedupeKey,
      order_id: refs.orderId ?? null,
      sku_id: refs.skuId ?? null,
      location_id: refs.locationId ?? null,
      customer_id: refs.customerId ?? null,
      shipment_id: refs.shipmentId ?? null,
      return_id: refs.returnId ?? null,
      invoice_id: refs.invoiceId ?? null,
      entity_codes: finding.codes,
      evidence: finding.evidence,
      ack_due_at: clocks.ackDueAt.toISOString(),
      sla_due_at: clocks.slaDueAt.toISOString(),
    };
  });
  // ON CONFLICT DO NOTHING also skips a second row of the same key in the statement, keeping the first
  // as one by one would (it cannot happen here: the keys are distinct).
  const inserted = await tx.query<ExceptionRow>(
    `INSERT INTO exceptions AS e (tenant_id, type, severity, title, dedupe_key, order_id, sku_id, location_id, customer_id,
                                  shipment_id, return_id, invoice_id, entity_codes, evidence, detected_at, last_detected_at,
                                  ack_due_at, sla_due_at)
     SELECT $2::uuid, v.type, v.severity, v.title, v.dedupe_key, v.order_id, v.sku_id, v.location_id, v.customer_id,
            v.shipment_id, v.return_id, v.invoice_id, v.entity_codes, v.evidence, $3, $3, v.ack_due_at, v.sla_due_at
       FROM jsonb_to_recordset($1::jsonb) AS v(type text, severity text, title text, dedupe_key text, order_id uuid, sku_id uuid,
              location_id uuid, customer_id uuid, shipment_id uuid, return_id uuid, invoice_id uuid, entity_codes jsonb,
              evidence jsonb, ack_due_at timestamptz, sla_due_at timestamptz)
     ON CONFLICT (tenant_id, dedupe_key) WHERE status IN ('open', 'triaging', 'awaiting_approval') DO NOTHING
     RETURNING ${EXCEPTION_COLUMNS}`,
    [JSON.stringify(rows), options.tenantId, options.now],
    { prepare: 'everywhere' },
  );
  return new Map(inserted.rows.map((row) => [row.dedupe_key, row]));
}
