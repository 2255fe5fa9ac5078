/** Carrier-facing shipment statuses and the moves a carrier feed may make between them. */
import { IllegalTransitionError } from '../errors.ts';

export const SHIPMENT_STATUSES = [
  'label_created',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'exception',
  'returned_to_sender',
  'cancelled',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const SHIPMENT_TRANSITIONS: Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>> = {
  label_created: ['in_transit', 'exception', 'cancelled'],
  // A repeated in_transit is a new scan, not a status change.
  in_transit: ['in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned_to_sender'],
  out_for_delivery: ['in_transit', 'delivered', 'exception'],
  exception: ['exception', 'in_transit', 'out_for_delivery', 'delivered', 'returned_to_sender'],
  delivered: [],
  returned_to_sender: [],
  cancelled: [],
};

export function assertShipmentTransition(from: ShipmentStatus, to: ShipmentStatus): void {
  if (SHIPMENT_TRANSITIONS[from].includes(to)) return;
  throw new IllegalTransitionError(
    'shipment',
    from,
    to,
    SHIPMENT_TRANSITIONS[from].length ? `allowed: ${SHIPMENT_TRANSITIONS[from].join(', ')}` : `${from} is final`,
  );
}
