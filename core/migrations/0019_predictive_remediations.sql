-- Remediations for predicted exceptions (issue 16): a proactive delay notice for an order that will
-- ship late with its goods in stock, an expedite request on an order (priority pick, faster carrier
-- service), and stock transfers between locations (a rebalance) in the movement ledger.

CREATE TABLE delay_notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms', 'edi', 'marketplace_message', 'phone')),
  previous_promised_date timestamptz,
  new_promised_date timestamptz NOT NULL,
  message text NOT NULL,
  sent_by text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX delay_notices_order_idx ON delay_notices (tenant_id, order_id);
SELECT copilot_enable_tenant_rls('delay_notices');

-- What the warehouse is asked to do for an expedited order; the WMS hears it through the action outbox.
ALTER TABLE orders
  ADD COLUMN fulfilment_priority text NOT NULL DEFAULT 'standard' CHECK (fulfilment_priority IN ('standard', 'expedite')),
  ADD COLUMN requested_carrier text,
  ADD COLUMN requested_service_level text,
  ADD COLUMN expedite_cost numeric(14, 2) CHECK (expedite_cost >= 0),
  ADD COLUMN expedited_at timestamptz,
  ADD COLUMN expedited_by text;

-- A transfer leaves the source's available stock and enters the destination as in_transit, received
-- there with inventory.received (fromInTransit). It is not an adjustment: adjustment KPIs do not count it.
ALTER TABLE inventory_movements DROP CONSTRAINT inventory_movements_kind_check;
ALTER TABLE inventory_movements ADD CONSTRAINT inventory_movements_kind_check CHECK (kind IN (
  'adjustment', 'receipt', 'shipment', 'return_receipt', 'disposition', 'status_change', 'transfer'));
