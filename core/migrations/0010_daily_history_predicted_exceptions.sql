-- Daily demand and stock per SKU × location (the history demand forecasts learn from), and the two
-- predicted exception types (stockout_risk, late_shipment_risk) raised ahead of the event.
--
-- One row per SKU × location × day: units demanded, units filled from stock (demand − filled = lost or
-- backordered: a stockout day), units received, closing on-hand, open purchase-order quantity and the
-- next expected receipt as the planning system showed them that evening. Rows come from a history
-- import (a WMS/ERP daily snapshot, or the demo simulation) or from the nightly roll-up of the
-- movement ledger; `source` says which.
CREATE TABLE inventory_daily_history (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  sku_id uuid NOT NULL,
  location_id uuid NOT NULL,
  day date NOT NULL,
  demand integer NOT NULL CHECK (demand >= 0),
  filled integer NOT NULL CHECK (filled >= 0 AND filled <= demand),
  received integer NOT NULL DEFAULT 0 CHECK (received >= 0),
  on_hand integer NOT NULL,
  on_order integer NOT NULL DEFAULT 0 CHECK (on_order >= 0),
  next_receipt_on date,
  source text NOT NULL CHECK (source IN ('import', 'ledger')),
  PRIMARY KEY (tenant_id, sku_id, location_id, day),
  FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX inventory_daily_history_day_idx ON inventory_daily_history (tenant_id, day);
SELECT copilot_enable_tenant_rls('inventory_daily_history');

ALTER TABLE exceptions DROP CONSTRAINT exceptions_type_check;
ALTER TABLE exceptions ADD CONSTRAINT exceptions_type_check CHECK (type IN (
  'stock_conflict', 'payment_mismatch', 'address_validation_failed', 'erp_sync_failed', 'shipment_delayed',
  'invoice_mismatch', 'credit_hold', 'return_inspection_overdue', 'backorder_aging', 'duplicate_order',
  'stockout_risk', 'late_shipment_risk'));
