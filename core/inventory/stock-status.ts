/** The statuses on-hand stock can be in at a location. */
export const STOCK_STATUSES = ['available', 'allocated', 'quarantine', 'damaged', 'returns_hold', 'in_transit'] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

/** Reason codes an inventory adjustment must carry (pol-inventory-adjustment-approval); "other" does not exist on purpose. */
export const ADJUSTMENT_REASON_CODES = ['CC', 'DMG', 'LOST', 'FOUND', 'SCRAP', 'RECV', 'SAMPLE', 'EXP'] as const;
export type AdjustmentReasonCode = (typeof ADJUSTMENT_REASON_CODES)[number];

export type MovementKind = 'adjustment' | 'receipt' | 'shipment' | 'return_receipt' | 'disposition' | 'status_change' | 'transfer';
