export { SHIPMENT_STATUSES, SHIPMENT_TRANSITIONS, assertShipmentTransition } from './shipment-status.ts';
export type { ShipmentStatus } from './shipment-status.ts';
export { createShipment, createShipmentInputSchema, shipmentLineSchema } from './create-shipment.ts';
export type { CreateShipmentInput, CreatedShipment } from './create-shipment.ts';
export { updateShipment, updateShipmentInputSchema } from './update-shipment.ts';
export type { UpdateShipmentInput } from './update-shipment.ts';
export { getShipment } from './get-shipment.ts';
export type { ShipmentView } from './get-shipment.ts';
