-- Exceptions raised by an executed action's downstream outcome when no exception of its own carries it:
-- the system of record reported it failed, or never confirmed it within the tenant's window.
ALTER TABLE exceptions DROP CONSTRAINT exceptions_type_check;
ALTER TABLE exceptions ADD CONSTRAINT exceptions_type_check CHECK (type IN (
  'stock_conflict', 'payment_mismatch', 'address_validation_failed', 'erp_sync_failed', 'shipment_delayed',
  'invoice_mismatch', 'credit_hold', 'return_inspection_overdue', 'backorder_aging', 'duplicate_order',
  'stockout_risk', 'late_shipment_risk', 'action_failed_downstream', 'action_unconfirmed'));
