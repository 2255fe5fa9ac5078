/**
 * Releasing and consuming reservations. Together with reserveStock these are the only writers of
 * reservations, `allocated` stock and order_lines.quantity_reserved, so the three always agree:
 * a line's reserved quantity at a location = min over its stock units of floor(active qty / per-unit).
 */
import { stockUnitsOf, type KitComponent } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { NotFoundError, PreconditionFailedError } from '../errors.ts';
import { changeBalance, moveStock } from './move-stock.ts';
import { lockOrderLine, unreservedQuantity, type LockedOrderLine, type ReservationRecord } from './reserve-stock.ts';

const RESERVATION_COLUMNS = `id, order_id AS "orderId", order_line_id AS "orderLineId", sku_id AS "skuId", location_id AS "locationId",
  quantity, status, expires_at AS "expiresAt"`;

export async function requireReservation(tx: Tx, reservationId: string): Promise<ReservationRecord> {
  const result = await tx.query<ReservationRecord>(`SELECT ${RESERVATION_COLUMNS} FROM reservations WHERE id = $1`, [reservationId]);
  const reservation = result.rows[0];
  if (!reservation) throw new NotFoundError('reservation', reservationId);
  return reservation;
}

async function activeReservations(tx: Tx, orderLineId: string, locationId: string): Promise<ReservationRecord[]> {
  const result = await tx.query<ReservationRecord>(
    `SELECT ${RESERVATION_COLUMNS} FROM reservations WHERE order_line_id = $1 AND location_id = $2 AND status = 'active'
      ORDER BY created_at, id FOR UPDATE`,
    [orderLineId, locationId],
  );
  return result.rows;
}

/** Line units (kit units for a kit) reserved at a location. */
function reservedUnits(units: KitComponent[], reservations: ReservationRecord[]): number {
  return Math.min(
    ...units.map((unit) =>
      Math.floor(reservations.filter((r) => r.skuId === unit.skuId).reduce((sum, r) => sum + r.quantity, 0) / unit.quantity),
    ),
  );
}

export interface ReleasedStock {
  orderId: string;
  orderLineId: string;
  locationId: string;
  /** Line units released (kit units for a kit line). */
  quantity: number;
  reservationIds: string[];
}

/**
 * Releases every active reservation of a line at a location (for a kit, all components together):
 * stock goes back from `allocated` to `available` and the line's reserved quantity drops.
 */
export async function releaseReservedStock(
  tx: Tx,
  target: { orderLineId: string; locationId: string },
  reason: string,
  context?: ChangeContext,
): Promise<ReleasedStock> {
  const { at } = resolveContext(context);
  const line = await lockOrderLine(tx, target.orderLineId);
  const reservations = await activeReservations(tx, line.id, target.locationId);
  if (reservations.length === 0) {
    throw new PreconditionFailedError(`order line ${line.lineNumber} has no active reservation at that location`, target);
  }
  const units = await stockUnitsOf(tx, { id: line.skuId, code: line.skuCode, isKit: line.isKit });
  const lineUnits = reservedUnits(units, reservations);
  for (const reservation of reservations) {
    await changeBalance(tx, reservation.skuId, reservation.locationId, 'allocated', -reservation.quantity, at);
    await changeBalance(tx, reservation.skuId, reservation.locationId, 'available', reservation.quantity, at);
  }
  await tx.query(
    `UPDATE reservations SET status = 'released', released_at = $2, release_reason = $3 WHERE id = ANY($1::uuid[])`,
    [reservations.map((r) => r.id), at, reason],
    { prepare: 'everywhere' },
  );
  await tx.query(
    `UPDATE order_lines SET quantity_reserved = quantity_reserved - $2, updated_at = $3 WHERE id = $1`,
    [line.id, lineUnits, at],
    { prepare: 'everywhere' },
  );
  return {
    orderId: line.orderId,
    orderLineId: line.id,
    locationId: target.locationId,
    quantity: lineUnits,
    reservationIds: reservations.map((r) => r.id),
  };
}

export interface ShippedStock {
  /** Line units covered by reservations at the shipping location. */
  fromReservations: number;
  /** Line units shipped without a reservation there (taken from `available`, which may go negative). */
  unreserved: number;
}

/**
 * Ships line units from a location: consumes active reservations there first (splitting a partly
 * used reservation), then takes any remainder straight from `available`. Writes the shipment
 * movements and the line's reserved/shipped quantities.
 */
export async function shipLineStock(
  tx: Tx,
  input: { line: LockedOrderLine; location: { id: string; code: string }; quantity: number; reference: string },
  context?: ChangeContext,
): Promise<ShippedStock> {
  const { at } = resolveContext(context);
  const { location, quantity } = input;
  let line = input.line;
  const shippable = line.quantityOrdered - line.quantityShipped - line.quantityCancelled;
  if (quantity > shippable) {
    throw new PreconditionFailedError(
      `over-shipment: order line ${line.lineNumber} (${line.skuCode}) has ${shippable} unit(s) left to ship, shipment says ${quantity}`,
      {
        orderLineId: line.id,
        shippable,
        shipped: quantity,
      },
    );
  }
  const units = await stockUnitsOf(tx, { id: line.skuId, code: line.skuCode, isKit: line.isKit });
  const reservations = await activeReservations(tx, line.id, location.id);
  const covered = Math.min(quantity, reservations.length ? reservedUnits(units, reservations) : 0);
  // The warehouse shipped from somewhere other than where the stock was reserved: give back the
  // reservations elsewhere that the line no longer needs, so reserved + shipped never exceeds ordered.
  let excess = quantity - covered - unreservedQuantity(line);
  if (excess > 0) {
    const elsewhere = await tx.query<{ locationId: string }>(
      `SELECT DISTINCT location_id AS "locationId" FROM reservations WHERE order_line_id = $1 AND location_id <> $2 AND status = 'active' ORDER BY 1`,
      [line.id, location.id],
    );
    for (const group of elsewhere.rows) {
      if (excess <= 0) break;
      const released = await releaseReservedStock(
        tx,
        { orderLineId: line.id, locationId: group.locationId },
        `shipped from ${location.code} instead`,
        context,
      );
      excess -= released.quantity;
    }
    line = await lockOrderLine(tx, line.id);
  }
  for (const unit of units) {
    let toConsume = covered * unit.quantity;
    for (const reservation of reservations.filter((r) => r.skuId === unit.skuId)) {
      if (toConsume === 0) break;
      const take = Math.min(toConsume, reservation.quantity);
      if (take === reservation.quantity) {
        await tx.query(`UPDATE reservations SET status = 'consumed', consumed_at = $2 WHERE id = $1`, [reservation.id, at]);
      } else {
        await tx.query('UPDATE reservations SET quantity = quantity - $2 WHERE id = $1', [reservation.id, take]);
        await tx.query(
          `INSERT INTO reservations (tenant_id, order_id, order_line_id, sku_id, location_id, quantity, status, expires_at, created_at, consumed_at)
           VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, 'consumed', $6, $7, $7)`,
          [reservation.orderId, reservation.orderLineId, reservation.skuId, reservation.locationId, take, reservation.expiresAt, at],
        );
      }
      toConsume -= take;
    }
    const sku = { id: unit.skuId, code: unit.skuCode };
    if (covered > 0) {
      await moveStock(
        tx,
        { sku, location, from: 'allocated', quantity: covered * unit.quantity, kind: 'shipment', reference: input.reference },
        context,
      );
    }
    const unreserved = (quantity - covered) * unit.quantity;
    if (unreserved > 0) {
      await moveStock(
        tx,
        { sku, location, from: 'available', quantity: unreserved, kind: 'shipment', reference: input.reference, allowNegative: true },
        context,
      );
    }
  }
  const remainingAfter =
    line.quantityOrdered - (line.quantityReserved - covered) - (line.quantityShipped + quantity) - line.quantityCancelled;
  await tx.query(
    `UPDATE order_lines SET quantity_reserved = quantity_reserved - $2, quantity_shipped = quantity_shipped + $3,
            quantity_backordered = least(quantity_backordered, $4), updated_at = $5 WHERE id = $1`,
    [line.id, covered, quantity, Math.max(remainingAfter, 0), at],
  );
  return { fromReservations: covered, unreserved: quantity - covered };
}

/** Active reservations of an order, grouped by line and location (what release and cancel iterate). */
export async function activeReservationGroups(tx: Tx, orderId: string): Promise<Array<{ orderLineId: string; locationId: string }>> {
  const result = await tx.query<{ orderLineId: string; locationId: string }>(
    `SELECT DISTINCT order_line_id AS "orderLineId", location_id AS "locationId" FROM reservations
      WHERE order_id = $1 AND status = 'active' ORDER BY 1, 2`,
    [orderId],
  );
  return result.rows;
}
