/**
 * The order state machine. One table says which moves are legal; every status change goes through
 * transitionOrder, which checks it here and writes an order event.
 */
import { IllegalTransitionError } from '../errors.ts';

export const ORDER_STATUSES = [
  'captured',
  'validated',
  'backordered',
  'reserved',
  'released',
  'partially_shipped',
  'shipped',
  'invoiced',
  'closed',
  'on_hold',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  captured: ['validated', 'on_hold', 'cancelled'],
  validated: ['reserved', 'backordered', 'on_hold', 'cancelled'],
  backordered: ['reserved', 'on_hold', 'cancelled'],
  // Back to backordered when a reservation is released or expires.
  reserved: ['released', 'backordered', 'on_hold', 'cancelled'],
  released: ['partially_shipped', 'shipped', 'on_hold', 'cancelled'],
  partially_shipped: ['shipped', 'on_hold', 'cancelled'],
  shipped: ['invoiced'],
  invoiced: ['closed'],
  // Leaving a hold returns to where the order was held from (checked against held_from_status).
  on_hold: ['captured', 'validated', 'backordered', 'reserved', 'released', 'partially_shipped', 'cancelled'],
  closed: [],
  cancelled: [],
};

/** Orders still moving through fulfilment (not terminal, not yet invoiced). */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = [
  'captured',
  'validated',
  'backordered',
  'reserved',
  'released',
  'partially_shipped',
  'on_hold',
];

/** Statuses whose stock is still being found (allocation runs there). */
export const ALLOCATING_STATUSES: readonly OrderStatus[] = ['validated', 'backordered', 'reserved'];

export function canTransition(from: OrderStatus, to: OrderStatus, heldFromStatus?: OrderStatus | null): boolean {
  if (!ORDER_TRANSITIONS[from].includes(to)) return false;
  if (from === 'on_hold' && to !== 'cancelled') return to === heldFromStatus;
  return true;
}

export function assertOrderTransition(from: OrderStatus, to: OrderStatus, heldFromStatus?: OrderStatus | null): void {
  if (canTransition(from, to, heldFromStatus)) return;
  const reason =
    from === 'on_hold' && ORDER_TRANSITIONS.on_hold.includes(to)
      ? `the order was held from ${heldFromStatus ?? 'unknown'}`
      : ORDER_TRANSITIONS[from].length === 0
        ? `${from} is final`
        : `allowed: ${ORDER_TRANSITIONS[from].join(', ')}`;
  throw new IllegalTransitionError('order', from, to, reason);
}

/** The status an order is effectively in for fulfilment purposes (the held-from status while on hold). */
export function effectiveStatus(order: { status: OrderStatus; heldFromStatus: OrderStatus | null }): OrderStatus {
  return order.status === 'on_hold' && order.heldFromStatus ? order.heldFromStatus : order.status;
}
