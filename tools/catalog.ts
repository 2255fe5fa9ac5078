/**
 * Every tool the product ships, in the order surfaces list them. Tools are defined under tools/read/
 * and tools/write/ and added here; buildDefaultRegistry() (tools/registry.ts) registers this list.
 */
import { findRecordsTool } from './read/find-records.ts';
import { getCustomerTool } from './read/get-customer.ts';
import { getExceptionTool } from './read/get-exception.ts';
import { getInventoryTool } from './read/get-inventory.ts';
import { getKpisTool } from './read/get-kpis.ts';
import { getOrderTool } from './read/get-order.ts';
import { getReturnTool } from './read/get-return.ts';
import { getShipmentTool } from './read/get-shipment.ts';
import { listExceptionsTool } from './read/list-exceptions.ts';
import { orderTimelineTool } from './read/order-timeline.ts';
import { searchOrdersTool } from './read/search-orders.ts';
import { searchRunbooksTool } from './read/search-runbooks.ts';
import type { AnyTool } from './tool.ts';
import { adjustInventoryTool } from './write/adjust-inventory.ts';
import { applyCreditHoldTool } from './write/apply-credit-hold.ts';
import { correctShippingAddressTool } from './write/correct-shipping-address.ts';
import { createPurchaseOrderTool } from './write/create-purchase-order.ts';
import { issueRefundTool } from './write/issue-refund.ts';
import { overridePriceTool } from './write/override-price.ts';
import { placeOrderHoldTool } from './write/place-order-hold.ts';
import { reallocateOrderLineTool } from './write/reallocate-order-line.ts';
import { releaseCreditHoldTool } from './write/release-credit-hold.ts';
import { releaseOrderHoldTool } from './write/release-order-hold.ts';
import { releaseReservationTool } from './write/release-reservation.ts';
import { retryErpSyncTool } from './write/retry-erp-sync.ts';
import { sendBackorderNoticeTool } from './write/send-backorder-notice.ts';
import { sendDelayNoticeTool } from './write/send-delay-notice.ts';
import { expediteShipmentTool } from './write/expedite-shipment.ts';
import { transferStockTool } from './write/transfer-stock.ts';
import { setChannelAllocationTool } from './write/set-channel-allocation.ts';
import { setReturnDispositionTool } from './write/set-return-disposition.ts';

export const ALL_TOOLS: AnyTool[] = [
  // Reads
  getOrderTool,
  searchOrdersTool,
  orderTimelineTool,
  getInventoryTool,
  getCustomerTool,
  getShipmentTool,
  getReturnTool,
  listExceptionsTool,
  getExceptionTool,
  searchRunbooksTool,
  getKpisTool,
  findRecordsTool,
  // Writes
  reallocateOrderLineTool,
  releaseReservationTool,
  placeOrderHoldTool,
  releaseOrderHoldTool,
  retryErpSyncTool,
  correctShippingAddressTool,
  issueRefundTool,
  setReturnDispositionTool,
  adjustInventoryTool,
  createPurchaseOrderTool,
  applyCreditHoldTool,
  releaseCreditHoldTool,
  overridePriceTool,
  sendBackorderNoticeTool,
  sendDelayNoticeTool,
  expediteShipmentTool,
  transferStockTool,
  setChannelAllocationTool,
] as AnyTool[];
