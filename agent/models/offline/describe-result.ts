/**
 * Turns a tool result into a short factual sentence with its citation. Only values present in the
 * result are used; nothing is inferred or invented.
 */
import type { ToolExchange } from './conversation.ts';
import { isRecord } from './result-reading.ts';

// Fields worth stating, in the order a rep reads them. Anything else stays in the transcript.
const PREFERRED_FIELDS = [
  'status',
  'state',
  'type',
  'severity',
  'fulfillmentStatus',
  'fulfilmentStatus',
  'paymentStatus',
  'financialStatus',
  'holdReason',
  'holds',
  'total',
  'totalAmount',
  'amount',
  'capturedAmount',
  'refundableAmount',
  'currency',
  'promisedShipDate',
  'promisedDate',
  'promisedAt',
  'shipBy',
  'dueAt',
  'slaDueAt',
  'carrier',
  'trackingNumber',
  'eta',
  'expectedDeliveryAt',
  'atsTotal',
  'ats',
  'available',
  'onHand',
  'reserved',
  'allocated',
  'creditLimit',
  'balance',
  'openBalance',
  'creditStatus',
  'terms',
  'tier',
  'disposition',
  'receivedAt',
  'summary',
  'message',
  'reason',
];

const LABEL_OVERRIDES: Record<string, string> = { ats: 'ATS', atsTotal: 'ATS total', eta: 'ETA', slaDueAt: 'SLA due' };

export function humanLabel(key: string): string {
  if (LABEL_OVERRIDES[key]) return LABEL_OVERRIDES[key]!;
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

export function formatValue(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') {
    const date = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
    if (date && !Number.isNaN(date.getTime())) return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    return value.length > 160 ? `${value.slice(0, 157)}…` : value;
  }
  if (Array.isArray(value)) {
    const parts = value.map((item) => (isRecord(item) ? undefined : formatValue(item))).filter(Boolean);
    if (parts.length === value.length) return parts.join(', ') || 'none';
    return `${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  return undefined;
}

/** Up to `limit` "label value" facts from an object, preferred fields first. */
export function factsOf(record: Record<string, unknown>, limit = 8): string[] {
  const keys = [...PREFERRED_FIELDS.filter((key) => key in record)];
  const facts: string[] = [];
  for (const key of keys) {
    const value = formatValue(record[key]);
    if (value !== undefined) facts.push(`${humanLabel(key)} ${value}`);
    if (facts.length >= limit) break;
  }
  return facts;
}

/** The entity id the citation of a tool result names: the first identifier argument, else the result's id. */
export function citedEntityId(exchange: Pick<ToolExchange, 'args' | 'outcome'>): string | undefined {
  for (const value of Object.values(exchange.args)) {
    if (typeof value === 'string' && value.trim() && value.length <= 80 && !/\s/.test(value)) return value;
    if (typeof value === 'number') return String(value);
  }
  const result = exchange.outcome?.result;
  if (isRecord(result)) {
    for (const key of ['number', 'orderNumber', 'id', 'sku', 'code']) {
      const value = result[key];
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
  }
  return undefined;
}

export function toolCitation(exchange: Pick<ToolExchange, 'name' | 'args' | 'outcome'>): string {
  const id = citedEntityId(exchange);
  return id ? `[tool:${exchange.name}:${id}]` : '';
}
