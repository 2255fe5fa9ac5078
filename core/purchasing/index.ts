export { createPurchaseOrder, createPurchaseOrderInputSchema } from './create-purchase-order.ts';
export type { CreatePurchaseOrderInput, PurchaseOrder } from './create-purchase-order.ts';
export { readInboundLines, readLastSuppliers, readSupplierLeadTimes } from './inbound-supply.ts';
export type { InboundLine, LeadTimeStat } from './inbound-supply.ts';
