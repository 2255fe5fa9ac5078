/**
 * address_validation_failed: an order that has not shipped yet carries a ship-to address the
 * verification service rejected (orders.address_status = invalid). Clears when the address is
 * corrected (status valid), or the order ships or is cancelled. The resolve clock is capped at the
 * ship-by date (rb-address-validation-failed: fix before the carrier cutoff).
 */
import type { Severity } from '../exception-types.ts';
import { inScope, scopeIds, scopedPlan, scopeIsEmpty, type ExceptionRule } from './rule.ts';

interface AddressRow {
  order_id: string;
  order_number: string;
  channel: string;
  status: string;
  address_issue: string | null;
  shipping_address: Record<string, unknown>;
  promised_date: Date | null;
  customer_id: string | null;
  customer_code: string | null;
  suggestion: Record<string, unknown> | null;
}

/** The validator's suggested fields from the latest failure (string values only), or null. */
function suggestionOf(value: Record<string, unknown> | null): Record<string, string> | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const fields = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '');
  return fields.length ? Object.fromEntries(fields) : null;
}

const MARKETPLACES = new Set(['amazon', 'ebay', 'walmart', 'etsy']);
const DAY_MS = 86_400_000;

function severityFor(row: AddressRow, now: Date): Severity {
  const hoursToShipBy = row.promised_date ? (row.promised_date.getTime() - now.getTime()) / 3_600_000 : Infinity;
  if (MARKETPLACES.has(row.channel) && hoursToShipBy <= 24) return 'critical';
  if (hoursToShipBy <= 48) return 'high';
  return 'medium';
}

export const addressValidationFailedRule: ExceptionRule<'address_validation_failed'> = {
  type: 'address_validation_failed',
  scopeColumns: ['order_id'],
  triggers: ['address.validation_failed', 'order.cancelled', 'shipment.created'],
  async detect(tx, context) {
    if (scopeIsEmpty(context, ['orderIds'])) return [];
    const result = await tx.query<AddressRow>(
      `SELECT o.id AS order_id, o.number AS order_number, o.channel, o.status, o.address_issue, o.shipping_address,
              o.promised_date, o.customer_id, c.code AS customer_code,
              (SELECT e.data -> 'suggestion' FROM order_events e
                WHERE e.order_id = o.id AND e.type = 'address_validation_failed'
                ORDER BY e.id DESC LIMIT 1) AS suggestion
         FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
        WHERE o.address_status = 'invalid'
          AND o.status NOT IN ('shipped', 'invoiced', 'closed', 'cancelled')
          AND ${inScope(context, 1, 'o.id = ANY($1::uuid[])')}`,
      [scopeIds(context, 'orderIds')],
      scopedPlan(context),
    );
    return result.rows.map((row) => {
      const issueCode = row.address_issue?.match(/AV-[A-Z]+/)?.[0] ?? null;
      return {
        dedupeKey: `address_validation_failed:${row.order_id}`,
        severity: severityFor(row, context.now),
        title: `Order ${row.order_number}: ship-to address failed validation${row.address_issue ? ` (${row.address_issue})` : ''}`,
        refs: { orderId: row.order_id, customerId: row.customer_id },
        codes: { orderNumber: row.order_number, ...(row.customer_code ? { customerCode: row.customer_code } : {}) },
        evidence: {
          issue: row.address_issue,
          resultCode: issueCode,
          address: row.shipping_address,
          suggestion: suggestionOf(row.suggestion),
          channel: row.channel,
          orderStatus: row.status,
          shipBy: row.promised_date?.toISOString() ?? null,
          hoursToShipBy: row.promised_date ? Math.round(((row.promised_date.getTime() - context.now.getTime()) / DAY_MS) * 240) / 10 : null,
        },
        resolveBy: row.promised_date,
      };
    });
  },
};
