/** Return (RMA) rows as domain code sees them. */
import type { Tx } from '../db/database.ts';
import { isUuid } from '../domain/references.ts';
import { NotFoundError } from '../errors.ts';

export const RETURN_STATUSES = ['authorized', 'received', 'inspected', 'closed', 'cancelled'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
export const RETURN_GRADES = ['A', 'B', 'C', 'D', 'X'] as const;
export type ReturnGrade = (typeof RETURN_GRADES)[number];
export const RETURN_DISPOSITIONS = ['restock', 'damaged', 'vendor'] as const;
export type ReturnDisposition = (typeof RETURN_DISPOSITIONS)[number];

export interface ReturnRecord {
  id: string;
  rmaNumber: string;
  orderId: string;
  orderNumber: string;
  locationId: string;
  locationCode: string;
  status: ReturnStatus;
  reason: string | null;
  authorizedAt: Date;
  receivedAt: Date | null;
  inspectedAt: Date | null;
  closedAt: Date | null;
}

export interface ReturnLineRecord {
  id: string;
  orderLineId: string;
  lineNumber: number;
  skuId: string;
  skuCode: string;
  isKit: boolean;
  quantity: number;
  quantityReceived: number;
  grade: ReturnGrade | null;
  disposition: ReturnDisposition | null;
  dispositionAt: Date | null;
  dispositionBy: string | null;
}

export async function requireReturn(tx: Tx, rmaOrId: string, options: { lock?: boolean } = {}): Promise<ReturnRecord> {
  const result = await tx.query<ReturnRecord>(
    `SELECT r.id, r.rma_number AS "rmaNumber", r.order_id AS "orderId", o.number AS "orderNumber", r.location_id AS "locationId",
            l.code AS "locationCode", r.status, r.reason, r.authorized_at AS "authorizedAt", r.received_at AS "receivedAt",
            r.inspected_at AS "inspectedAt", r.closed_at AS "closedAt"
       FROM returns r JOIN orders o ON o.id = r.order_id JOIN locations l ON l.id = r.location_id
      WHERE ${isUuid(rmaOrId) ? 'r.id = $1::uuid' : 'r.rma_number = $1'}${options.lock ? ' FOR UPDATE OF r' : ''}`,
    [rmaOrId],
  );
  const found = result.rows[0];
  if (!found) throw new NotFoundError('return', rmaOrId);
  return found;
}

/** A return's lines as ReturnLineRecord, from `return_lines rl JOIN order_lines ol JOIN skus s`. */
export const RETURN_LINE_COLUMNS = `rl.id, rl.order_line_id AS "orderLineId", ol.line_number AS "lineNumber", rl.sku_id AS "skuId", s.code AS "skuCode",
  s.is_kit AS "isKit", rl.quantity, rl.quantity_received AS "quantityReceived", rl.grade, rl.disposition, rl.disposition_at AS "dispositionAt",
  rl.disposition_by AS "dispositionBy"`;

export async function loadReturnLines(tx: Tx, returnId: string): Promise<ReturnLineRecord[]> {
  const result = await tx.query<ReturnLineRecord>(
    `SELECT ${RETURN_LINE_COLUMNS}
       FROM return_lines rl JOIN order_lines ol ON ol.id = rl.order_line_id JOIN skus s ON s.id = rl.sku_id
      WHERE rl.return_id = $1 ORDER BY ol.line_number`,
    [returnId],
  );
  return result.rows;
}

export function pickReturnLine(lines: ReturnLineRecord[], reference: { sku?: string; lineNumber?: number }): ReturnLineRecord | undefined {
  if (reference.lineNumber !== undefined) return lines.find((line) => line.lineNumber === reference.lineNumber);
  return lines.find((line) => line.skuCode === reference.sku);
}
