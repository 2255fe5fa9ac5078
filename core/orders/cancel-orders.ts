/**
 * Set-based cancellation for a run of `order.cancelled` events (a slice of a batch): the same rows as
 * cancelOrder once per event — reservations released and their stock back to available, open
 * quantities cancelled, holds released, the order log, the status change — in about eight statements
 * for the run instead of about twenty-four per event.
 *
 * Only the common case is taken; the first event that needs more stops the run and is left to the
 * one-by-one path (which also raises its error): an unknown order or one given by id, an order that
 * comes twice in the run, one whose status does not allow the cancellation, one with reserved kit
 * lines, and one whose released stock a backordered order is waiting for (cancelOrder's allocation
 * run would then reserve it for that order, in the order of the events).
 */
import type { Tx } from '../db/database.ts';
import { type ChangeContext, resolveContext } from '../domain/change-context.ts';
import { isUuid } from '../domain/references.ts';
import {
  type ActiveReservationOfOrder,
  lockActiveReservationsOfOrders,
  releaseReservationsInBulk,
} from '../inventory/release-stock-in-bulk.ts';
import { backordersWaitingOn } from './backorders-waiting.ts';
import { type CancelOrderInput, cancelOrderInputSchema } from './cancel-order.ts';
import { type OrderEventRow, recordOrderEvents } from './order-events.ts';
import { ORDER_COLUMNS, type OrderRecord } from './order-record.ts';
import { canTransition, type OrderStatus } from './order-status.ts';

export interface CancellationEvent {
  input: CancelOrderInput;
  context: ChangeContext;
}

/** What each applied event touched, in order: its order (the caller adds customer and SKUs). */
export interface CancelledOrder {
  orderId: string;
}

// As cancelOrder: these are past cancelling.
const NOT_CANCELLABLE: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['shipped', 'invoiced', 'closed', 'cancelled']);

async function lockOrders(tx: Tx, numbers: readonly string[]): Promise<Map<string, OrderRecord>> {
  // In id order, as concurrent writers of the same orders would lock them one by one.
  const result = await tx.query<OrderRecord>(
    `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.number = ANY($1::text[]) ORDER BY o.id FOR UPDATE`,
    [[...new Set(numbers)]],
  );
  return new Map(result.rows.map((order) => [order.number, order]));
}

interface Candidate {
  reason: string;
  context: ChangeContext;
  order: OrderRecord;
  /** A partly shipped order whose remainder is cancelled is complete: it shipped what it will ship. */
  target: OrderStatus;
  reservations: ActiveReservationOfOrder[];
  /** The SKUs cancelOrder's allocation run looks at after this cancellation. */
  freedSkuIds: Set<string>;
}

/** cancelOrder for the longest prefix of these events the set-based path takes; one entry per applied event. */
export async function cancelOrders(tx: Tx, events: ReadonlyArray<CancellationEvent>): Promise<CancelledOrder[]> {
  const parsed: Array<{ order: string; reason: string; context: ChangeContext }> = [];
  for (const { input, context } of events) {
    const request = cancelOrderInputSchema.safeParse(input);
    if (!request.success || isUuid(request.data.order)) break;
    parsed.push({ order: request.data.order, reason: request.data.reason, context });
  }
  if (parsed.length === 0) return [];
  const orders = await lockOrders(
    tx,
    parsed.map(({ order }) => order),
  );
  const reservations = await lockActiveReservationsOfOrders(
    tx,
    [...orders.values()].map((order) => order.id),
  );
  const candidates = takeWhile(parsed, orders, reservations);
  const run = await withoutWaitingBackorders(tx, candidates);
  if (run.length === 0) return [];

  await releaseReservationsInBulk(
    tx,
    run.flatMap(({ reservations: ofOrder, context }) =>
      ofOrder.map((reservation) => ({ reservation, reason: 'order cancelled', at: resolveContext(context).at })),
    ),
  );
  const rows = run.map(({ order, target, reason, context }) => {
    const { actor, at } = resolveContext(context);
    return { id: order.id, target, reason, actor, at };
  });
  await tx.query(
    `UPDATE order_lines l SET quantity_cancelled = l.quantity_ordered - l.quantity_shipped, quantity_backordered = 0, updated_at = v.at
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, at timestamptz)
      WHERE l.order_id = v.id`,
    [JSON.stringify(rows)],
  );
  await tx.query(
    `UPDATE order_holds h SET released_by = v.actor, released_at = v.at, release_note = 'order cancelled'
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, actor text, at timestamptz)
      WHERE h.order_id = v.id AND h.released_at IS NULL`,
    [JSON.stringify(rows)],
  );
  // transitionOrder's update, for each order's target (its milestone keeps its first value).
  await tx.query(
    `UPDATE orders o SET status = v.target, held_from_status = NULL, hold_reason = NULL, status_changed_at = v.at, updated_at = v.at,
            cancel_reason = coalesce(v.reason, o.cancel_reason),
            cancelled_at = CASE WHEN v.target = 'cancelled' THEN coalesce(o.cancelled_at, v.at) ELSE o.cancelled_at END,
            shipped_at = CASE WHEN v.target = 'shipped' THEN coalesce(o.shipped_at, v.at) ELSE o.shipped_at END
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, target text, reason text, at timestamptz)
      WHERE o.id = v.id`,
    [JSON.stringify(rows)],
  );
  await recordOrderEvents(
    tx,
    run.flatMap(({ order, target, reason, context }): OrderEventRow[] => [
      { orderId: order.id, type: 'order_cancelled', data: { reason }, context },
      { orderId: order.id, type: 'status_changed', fromStatus: order.status, toStatus: target, data: { reason }, context },
    ]),
  );
  return run.map(({ order }) => ({ orderId: order.id }));
}

/** Takes events while each names a new order that is found, cancellable, and has no reserved kit line. */
function takeWhile(
  parsed: ReadonlyArray<{ order: string; reason: string; context: ChangeContext }>,
  orders: ReadonlyMap<string, OrderRecord>,
  reservations: readonly ActiveReservationOfOrder[],
): Candidate[] {
  const byOrder = new Map<string, ActiveReservationOfOrder[]>();
  for (const reservation of reservations) byOrder.set(reservation.orderId, [...(byOrder.get(reservation.orderId) ?? []), reservation]);
  const seen = new Set<string>();
  const run: Candidate[] = [];
  for (const { order: number, reason, context } of parsed) {
    const order = orders.get(number);
    if (!order || seen.has(order.id) || NOT_CANCELLABLE.has(order.status)) break;
    const target: OrderStatus = order.status === 'partially_shipped' ? 'shipped' : 'cancelled';
    if (!canTransition(order.status, target, order.heldFromStatus)) break;
    const ofOrder = byOrder.get(order.id) ?? [];
    if (ofOrder.some((reservation) => reservation.lineIsKit)) break;
    seen.add(order.id);
    run.push({ reason, context, order, target, reservations: ofOrder, freedSkuIds: new Set(ofOrder.flatMap((r) => r.lineReservedSkuIds)) });
  }
  return run;
}

/**
 * The prefix of the candidates whose released stock no backordered order waits for. cancelOrder runs
 * an allocation for the freed SKUs after each cancellation; when no backordered order (other than one
 * cancelled earlier in the run) waits for them, that run finds nothing and writes nothing.
 */
async function withoutWaitingBackorders(tx: Tx, candidates: readonly Candidate[]): Promise<Candidate[]> {
  const freed = new Set(candidates.flatMap(({ freedSkuIds }) => [...freedSkuIds]));
  if (freed.size === 0) return [...candidates];
  const waiting = await backordersWaitingOn(tx, [...freed]);
  if (waiting.size === 0) return [...candidates];
  const cancelled = new Set<string>();
  const run: Candidate[] = [];
  for (const candidate of candidates) {
    cancelled.add(candidate.order.id);
    const waits = [...waiting].some(
      ([orderId, skuIds]) => !cancelled.has(orderId) && skuIds.some((skuId) => candidate.freedSkuIds.has(skuId)),
    );
    if (waits) break;
    run.push(candidate);
  }
  return run;
}
