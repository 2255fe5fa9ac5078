/** Typed reads of the order, inventory and timeline records the tools return. */
import { type OrderView, orderViewSchema } from '../../../../tools/read/get-order.ts';
import { isRecord } from '../result-reading.ts';
import type { TriageKnowledge } from '../triage-knowledge.ts';

/**
 * One part of the get_order result, read through get_order's own output schema (so a renamed field
 * fails here, in one place, rather than turning a drafter into a silent decline); undefined when the
 * run did not read the order or the part does not match.
 */
export function orderPart<K extends 'totals' | 'payment' | 'backorderNotices' | 'delayNotices' | 'fulfilment'>(
  knowledge: TriageKnowledge,
  part: K,
): OrderView[K] | undefined {
  const parsed = orderViewSchema.shape[part].safeParse(knowledge.order?.[part]);
  return parsed.success ? (parsed.data as OrderView[K]) : undefined;
}

export interface OrderLine {
  lineNumber: number;
  sku?: string;
  quantity: number;
  reserved: number;
  backordered: number;
  shipped: number;
  location?: string;
}

export function orderLines(order: Record<string, unknown> | undefined): OrderLine[] {
  const lines = order && Array.isArray(order.lines) ? order.lines : [];
  return lines.filter(isRecord).map((line, index) => ({
    lineNumber: typeof line.lineNumber === 'number' ? line.lineNumber : index + 1,
    ...(typeof line.sku === 'string' ? { sku: line.sku } : {}),
    quantity: typeof line.quantity === 'number' ? line.quantity : 1,
    reserved: typeof line.reserved === 'number' ? line.reserved : 0,
    backordered: typeof line.backordered === 'number' ? line.backordered : 0,
    shipped: typeof line.shipped === 'number' ? line.shipped : 0,
    ...(typeof line.location === 'string' ? { location: line.location } : {}),
  }));
}

export interface LocationStock {
  location: string;
  ats: number;
  fulfils: boolean;
}

/** Sellable stock per location from get_inventory (locations excluded from selling have ats null). */
export function stockByLocation(inventory: Record<string, unknown> | undefined): LocationStock[] {
  const locations = inventory && Array.isArray(inventory.locations) ? inventory.locations : [];
  return locations.filter(isRecord).flatMap((row) => {
    const location = typeof row.locationCode === 'string' ? row.locationCode : undefined;
    const ats = typeof row.ats === 'number' ? row.ats : undefined;
    if (!location || ats === undefined) return [];
    return [{ location, ats, fulfils: row.fulfilsOrders !== false }];
  });
}

export function countEvents(timeline: Record<string, unknown>, type: string): number {
  return (Array.isArray(timeline.events) ? timeline.events : []).filter((event) => isRecord(event) && event.type === type).length;
}

export const orderStatus = (knowledge: TriageKnowledge): string => String(knowledge.order?.status ?? '');
export const HOLDABLE = new Set(['captured', 'validated', 'reserved', 'backordered', 'released', 'partially_shipped', 'on_hold']);
export const REALLOCATABLE = new Set(['validated', 'backordered', 'reserved', 'released']);

export function activeHoldCodes(order: Record<string, unknown> | undefined): string[] {
  const holds = order && Array.isArray(order.holds) ? order.holds : [];
  return holds.filter(isRecord).map((hold) => String(hold.reasonCode ?? ''));
}
