-- Indexes the exception rules need so detection inside each event's transaction stays an index
-- probe as a tenant's history grows (core/exceptions/rules): duplicate_order matches orders by the
-- channel's own order id; return and shipment rules look up by order (already indexed in 0003).
CREATE INDEX orders_external_ref_idx ON orders (tenant_id, external_ref) WHERE external_ref IS NOT NULL;
-- erp_sync_failed counts failing orders per tenant (systemic-outage severity) on every sweep.
CREATE INDEX orders_erp_failed_idx ON orders (tenant_id) WHERE erp_sync_status = 'failed';
