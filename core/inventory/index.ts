export { ADJUSTMENT_REASON_CODES, STOCK_STATUSES } from './stock-status.ts';
export type { AdjustmentReasonCode, MovementKind, StockStatus } from './stock-status.ts';
export { InsufficientStockError } from './insufficient-stock-error.ts';
export { changeBalance, moveStock, readBalances } from './move-stock.ts';
export type { StockMove } from './move-stock.ts';
export { availableToSellQuerySchema, computeAvailableToSell } from './available-to-sell.ts';
export type { AtsTerm, AvailableToSell, AvailableToSellQuery, KitComponentAts, LocationAts } from './available-to-sell.ts';
export { lockOrderLine, reserveStock, reserveStockInputSchema, unreservedQuantity } from './reserve-stock.ts';
export type { LockedOrderLine, ReservationRecord, ReserveStockInput } from './reserve-stock.ts';
export { activeReservationGroups, releaseReservedStock, requireReservation, shipLineStock } from './reservations.ts';
export type { ReleasedStock, ShippedStock } from './reservations.ts';
export { adjustInventory, adjustInventoryInputSchema } from './adjust-inventory.ts';
export type { AdjustInventoryInput, InventoryAdjustment } from './adjust-inventory.ts';
export { TRANSFER_REASON_CODE, transferableStock, transferStock, transferStockInputSchema } from './transfer-stock.ts';
export type { StockTransfer, TransferStockInput } from './transfer-stock.ts';
export { receiveInventory, receiveInventoryInputSchema } from './receive-inventory.ts';
export type { InventoryReceipt, ReceiveInventoryInput } from './receive-inventory.ts';
export { channelAllocationInputSchema, safetyStockInputSchema, setChannelAllocation, setSafetyStock } from './stock-settings.ts';
export type { ChannelAllocationInput, SafetyStockInput } from './stock-settings.ts';
export { getInventory, getInventoryInputSchema } from './get-inventory.ts';
export type { GetInventoryInput, InventoryView } from './get-inventory.ts';
export {
  dailyHistoryRowSchema,
  importDailyHistory,
  readDailyHistory,
  readDailyHistoryInputSchema,
  rollUpDailyHistory,
} from './daily-history.ts';
export type { DailyHistoryRow, DailySeries, ReadDailyHistoryInput } from './daily-history.ts';
export { readStockPositions } from './stock-positions.ts';
export type { StockPositionRow } from './stock-positions.ts';
export { adjustmentRootCauses } from './adjustment-root-causes.ts';
export type { AdjustmentRootCause } from './adjustment-root-causes.ts';
