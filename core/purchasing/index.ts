export { createPurchaseOrder, createPurchaseOrderInputSchema } from './create-purchase-order.ts';
export type { CreatePurchaseOrderInput, PurchaseOrder } from './create-purchase-order.ts';
