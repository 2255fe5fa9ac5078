-- Event application that does not slow down as history grows, and a cheaper tenant check
-- (issue 13; docs/benchmarks.md, "Events").

-- copilot_tenant_id() is evaluated for every row a tenant statement reads through a policy filter and
-- every row it writes (WITH CHECK). Since 0011 its body held the partner-grant subquery, which keeps
-- PostgreSQL from inlining it: each call ran as a separate SQL function, about 30 µs in PGlite against
-- 3 µs inlined (a 125-row insert paid ~7 ms for it). Same expression, with the subquery moved into a
-- function of its own that only partner principals reach: the common case inlines again.
CREATE FUNCTION copilot_partner_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$
    SELECT g.tenant_id FROM partner_grants g
     WHERE g.partner_id = copilot_partner_id()
       AND g.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
       AND g.revoked_at IS NULL
  $$;

CREATE OR REPLACE FUNCTION copilot_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$
    SELECT CASE
      WHEN copilot_partner_id() IS NULL THEN nullif(current_setting('app.tenant_id', true), '')::uuid
      ELSE copilot_partner_tenant_id()
    END
  $$;

-- An order's reservations (payment release, cancellation, shipment): without it every look-up by
-- order scanned all of the tenant's active reservations.
CREATE INDEX reservations_order_idx ON reservations (tenant_id, order_id);

-- Open demand of SKUs (stock-conflict pre-check, ATS) and backordered lines (backorder-aging
-- pre-check): only lines still waiting, so the look-ups stay as small as the backlog, not the history.
CREATE INDEX order_lines_open_idx ON order_lines (tenant_id, sku_id)
  WHERE quantity_ordered - quantity_reserved - quantity_shipped - quantity_cancelled > 0;
CREATE INDEX order_lines_backordered_idx ON order_lines (tenant_id, sku_id) WHERE quantity_backordered > 0;
