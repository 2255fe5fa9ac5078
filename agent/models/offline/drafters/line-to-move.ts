import { isRecord } from '../result-reading.ts';
import { evidenceOf, type TriageKnowledge } from '../triage-knowledge.ts';
import { type OrderLine, orderLines } from './order-reading.ts';

/** The line to move and how many units: the conflicted or backordered line of the order. */
export function lineToMove(knowledge: TriageKnowledge): { line: OrderLine; quantity: number; from: string | undefined } | undefined {
  const lines = orderLines(knowledge.order);
  const evidenceLine = evidenceOf(knowledge, 'backorder_aging')?.lineNumber;
  const line =
    lines.find((candidate) => candidate.lineNumber === evidenceLine) ??
    lines.find((candidate) => candidate.sku === knowledge.sku && (candidate.backordered > 0 || candidate.reserved > 0)) ??
    lines.find((candidate) => candidate.sku === knowledge.sku);
  if (!line) return undefined;
  if (knowledge.type === 'backorder_aging' || line.backordered > 0)
    return { line, quantity: line.backordered || line.quantity - line.shipped, from: line.location };
  const reservations = knowledge.order && Array.isArray(knowledge.order.reservations) ? knowledge.order.reservations.filter(isRecord) : [];
  const atShort = reservations.find(
    (reservation) =>
      reservation.lineNumber === line.lineNumber && (!knowledge.locationRef || reservation.locationCode === knowledge.locationRef),
  );
  const quantity = typeof atShort?.quantity === 'number' ? atShort.quantity : line.reserved || line.quantity - line.shipped;
  return {
    line,
    quantity,
    from: typeof atShort?.locationCode === 'string' ? atShort.locationCode : (knowledge.locationRef ?? line.location),
  };
}
