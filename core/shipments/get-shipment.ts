/** Read model of one shipment with its lines and order. */
import type { Tx } from '../db/database.ts';
import { isUuid } from '../domain/references.ts';
import { NotFoundError } from '../errors.ts';
import type { ShipmentStatus } from './shipment-status.ts';

export interface ShipmentView {
  id: string;
  shipmentId: string;
  orderNumber: string;
  orderStatus: string;
  locationCode: string;
  carrier: string;
  serviceLevel: string | null;
  trackingNumber: string | null;
  status: ShipmentStatus;
  exceptionCode: string | null;
  exceptionMessage: string | null;
  promisedDate: Date | null;
  estimatedDeliveryAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  lastCarrierScanAt: Date | null;
  lines: Array<{ lineNumber: number; skuCode: string; quantity: number }>;
}

export const SHIPMENT_VIEW_COLUMNS = `s.id, s.external_ref AS "shipmentId", o.number AS "orderNumber", o.status AS "orderStatus", l.code AS "locationCode",
  s.carrier, s.service_level AS "serviceLevel", s.tracking_number AS "trackingNumber", s.status, s.exception_code AS "exceptionCode",
  s.exception_message AS "exceptionMessage", s.promised_date AS "promisedDate", s.estimated_delivery_at AS "estimatedDeliveryAt",
  s.shipped_at AS "shippedAt", s.delivered_at AS "deliveredAt", s.last_carrier_scan_at AS "lastCarrierScanAt"`;

/** A shipment's lines as ShipmentView['lines'], from `shipment_lines sl JOIN order_lines ol JOIN skus k`. */
export const SHIPMENT_LINE_COLUMNS = `ol.line_number AS "lineNumber", k.code AS "skuCode", sl.quantity`;

export async function shipmentLines(tx: Tx, shipmentRowId: string): Promise<ShipmentView['lines']> {
  const lines = await tx.query<ShipmentView['lines'][number]>(
    `SELECT ${SHIPMENT_LINE_COLUMNS} FROM shipment_lines sl
       JOIN order_lines ol ON ol.id = sl.order_line_id JOIN skus k ON k.id = ol.sku_id WHERE sl.shipment_id = $1 ORDER BY ol.line_number`,
    [shipmentRowId],
  );
  return lines.rows;
}

/** By the warehouse's shipment id, a tracking number, or our id. */
export async function getShipment(tx: Tx, reference: string): Promise<ShipmentView> {
  const result = await tx.query<Omit<ShipmentView, 'lines'>>(
    `SELECT ${SHIPMENT_VIEW_COLUMNS} FROM shipments s JOIN orders o ON o.id = s.order_id JOIN locations l ON l.id = s.location_id
      WHERE ${isUuid(reference) ? 's.id = $1::uuid' : '(s.external_ref = $1 OR s.tracking_number = $1)'} LIMIT 1`,
    [reference],
  );
  const shipment = result.rows[0];
  if (!shipment) throw new NotFoundError('shipment', reference);
  return { ...shipment, lines: await shipmentLines(tx, shipment.id) };
}
