-- Orders and everything that happens to them: lines, holds, the append-only order event log,
-- reservations, payments and refunds, shipments, returns, invoices, backorder notices, ERP sync attempts.

CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  number text NOT NULL CHECK (number ~ '^[A-Za-z0-9][A-Za-z0-9_.#/-]{0,63}$'),
  channel text NOT NULL CHECK (channel ~ '^[a-z0-9_]{2,32}$'),
  -- The channel's own id for the order (marketplace order id, EDI PO number).
  external_ref text,
  customer_id uuid,
  status text NOT NULL DEFAULT 'captured' CHECK (status IN (
    'captured', 'validated', 'backordered', 'reserved', 'released', 'partially_shipped',
    'shipped', 'invoiced', 'closed', 'on_hold', 'cancelled')),
  -- Denormalised from order_holds: the oldest active hold's reason code, and the status to return to.
  hold_reason text,
  held_from_status text,
  currency char(3) NOT NULL DEFAULT 'USD',
  subtotal numeric(14, 2) NOT NULL DEFAULT 0,
  discount_total numeric(14, 2) NOT NULL DEFAULT 0,
  shipping_total numeric(14, 2) NOT NULL DEFAULT 0,
  tax_total numeric(14, 2) NOT NULL DEFAULT 0,
  total numeric(14, 2) NOT NULL DEFAULT 0,
  shipping_address jsonb NOT NULL DEFAULT '{}'::jsonb,
  address_status text NOT NULL DEFAULT 'unverified' CHECK (address_status IN ('unverified', 'valid', 'invalid')),
  address_issue text,
  -- Ship-by date promised to the customer or marketplace.
  promised_date timestamptz,
  erp_sync_status text NOT NULL DEFAULT 'pending' CHECK (erp_sync_status IN ('pending', 'synced', 'failed', 'not_required')),
  erp_order_ref text,
  erp_last_error text,
  erp_last_error_message text,
  erp_synced_at timestamptz,
  notes text,
  cancel_reason text,
  placed_at timestamptz NOT NULL DEFAULT now(),
  validated_at timestamptz,
  reserved_at timestamptz,
  released_at timestamptz,
  shipped_at timestamptz,
  invoiced_at timestamptz,
  closed_at timestamptz,
  cancelled_at timestamptz,
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, number),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  CHECK ((status = 'on_hold') = (held_from_status IS NOT NULL))
);
CREATE INDEX orders_status_idx ON orders (tenant_id, status);
CREATE INDEX orders_customer_idx ON orders (tenant_id, customer_id);
CREATE INDEX orders_placed_idx ON orders (tenant_id, placed_at);
SELECT copilot_enable_tenant_rls('orders');

CREATE TABLE order_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  line_number integer NOT NULL CHECK (line_number > 0),
  sku_id uuid NOT NULL,
  quantity_ordered integer NOT NULL CHECK (quantity_ordered > 0),
  quantity_reserved integer NOT NULL DEFAULT 0 CHECK (quantity_reserved >= 0),
  quantity_shipped integer NOT NULL DEFAULT 0 CHECK (quantity_shipped >= 0),
  quantity_backordered integer NOT NULL DEFAULT 0 CHECK (quantity_backordered >= 0),
  quantity_cancelled integer NOT NULL DEFAULT 0 CHECK (quantity_cancelled >= 0),
  quantity_returned integer NOT NULL DEFAULT 0 CHECK (quantity_returned >= 0),
  unit_price numeric(14, 2) NOT NULL CHECK (unit_price >= 0),
  -- Set by a price override; the effective price is coalesce(overridden_price, unit_price).
  overridden_price numeric(14, 2) CHECK (overridden_price >= 0),
  price_override_reason text,
  price_overridden_by text,
  price_overridden_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, order_id, line_number),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id),
  CHECK (quantity_reserved + quantity_shipped + quantity_backordered + quantity_cancelled <= quantity_ordered),
  CHECK (quantity_returned <= quantity_shipped)
);
CREATE INDEX order_lines_sku_idx ON order_lines (tenant_id, sku_id);
SELECT copilot_enable_tenant_rls('order_lines');

-- An order may carry several holds; it stays on_hold until the last is released.
CREATE TABLE order_holds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  reason_code text NOT NULL CHECK (reason_code IN (
    'PAY-MISMATCH', 'INV-MISMATCH', 'DUP-CHECK', 'ADDR-CHECK', 'FRAUD-REVIEW', 'CREDIT-REVIEW',
    'CREDIT-HOLD', 'ERP-PENDING', 'CUSTOMER-REQ', 'QA-HOLD', 'STOCK-CHECK')),
  note text,
  placed_by text NOT NULL,
  placed_at timestamptz NOT NULL DEFAULT now(),
  released_by text,
  released_at timestamptz,
  release_note text,
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX order_holds_active_idx ON order_holds (tenant_id, order_id, reason_code) WHERE released_at IS NULL;
SELECT copilot_enable_tenant_rls('order_holds');

-- Every change to an order, in order. Append-only: the timeline and KPIs read it.
CREATE TABLE order_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  type text NOT NULL,
  from_status text,
  to_status text,
  actor text NOT NULL DEFAULT 'system',
  -- The inbound event that caused this change, if any.
  event_id text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX order_events_order_idx ON order_events (tenant_id, order_id, id);
CREATE INDEX order_events_type_idx ON order_events (tenant_id, type, occurred_at);
SELECT copilot_enable_tenant_rls('order_events');
REVOKE UPDATE, DELETE ON order_events FROM copilot_app, copilot_operator;

-- Stock promised to an order line at a location. For a kit line there is one reservation per
-- component SKU. Only reserveStock/releaseReservation/consume change these (and inventory 'allocated').
CREATE TABLE reservations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  order_line_id uuid NOT NULL,
  sku_id uuid NOT NULL,
  location_id uuid NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'released', 'consumed')),
  expires_at timestamptz,
  release_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz,
  consumed_at timestamptz,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, order_line_id) REFERENCES order_lines (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX reservations_line_idx ON reservations (tenant_id, order_line_id);
CREATE INDEX reservations_active_idx ON reservations (tenant_id, sku_id, location_id) WHERE status = 'active';
CREATE INDEX reservations_expiry_idx ON reservations (tenant_id, expires_at) WHERE status = 'active';
SELECT copilot_enable_tenant_rls('reservations');

CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  psp text NOT NULL,
  psp_reference text NOT NULL,
  method text NOT NULL DEFAULT 'card' CHECK (method IN ('card', 'paypal', 'bank_transfer', 'invoice', 'marketplace', 'gift_card')),
  currency char(3) NOT NULL,
  amount_authorized numeric(14, 2) NOT NULL DEFAULT 0 CHECK (amount_authorized >= 0),
  amount_captured numeric(14, 2) NOT NULL DEFAULT 0 CHECK (amount_captured >= 0),
  amount_refunded numeric(14, 2) NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
  status text NOT NULL DEFAULT 'authorized' CHECK (status IN ('authorized', 'captured', 'partially_refunded', 'refunded', 'voided', 'failed')),
  -- The PSP payout/settlement batch the capture landed in (reconciliation key).
  settlement_reference text,
  authorized_at timestamptz,
  captured_at timestamptz,
  settled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, psp, psp_reference),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  CHECK (amount_refunded <= amount_captured)
);
CREATE INDEX payments_order_idx ON payments (tenant_id, order_id);
SELECT copilot_enable_tenant_rls('payments');

CREATE TABLE shipments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  -- The WMS/3PL's shipment id (events refer to shipments by it).
  external_ref text NOT NULL,
  location_id uuid NOT NULL,
  carrier text NOT NULL,
  service_level text,
  tracking_number text,
  status text NOT NULL DEFAULT 'label_created' CHECK (status IN (
    'label_created', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned_to_sender', 'cancelled')),
  exception_code text,
  exception_message text,
  promised_date timestamptz,
  estimated_delivery_at timestamptz,
  shipped_at timestamptz,
  delivered_at timestamptz,
  last_carrier_scan_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, external_ref),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX shipments_order_idx ON shipments (tenant_id, order_id);
CREATE INDEX shipments_status_idx ON shipments (tenant_id, status);
SELECT copilot_enable_tenant_rls('shipments');

CREATE TABLE shipment_lines (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  shipment_id uuid NOT NULL,
  order_line_id uuid NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (tenant_id, shipment_id, order_line_id),
  FOREIGN KEY (tenant_id, shipment_id) REFERENCES shipments (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, order_line_id) REFERENCES order_lines (tenant_id, id) ON DELETE CASCADE
);
SELECT copilot_enable_tenant_rls('shipment_lines');

CREATE TABLE returns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  rma_number text NOT NULL,
  order_id uuid NOT NULL,
  -- Where the parcel is received and inspected.
  location_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'authorized' CHECK (status IN ('authorized', 'received', 'inspected', 'closed', 'cancelled')),
  reason text,
  authorized_at timestamptz NOT NULL DEFAULT now(),
  received_at timestamptz,
  inspected_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, rma_number),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX returns_order_idx ON returns (tenant_id, order_id);
CREATE INDEX returns_status_idx ON returns (tenant_id, status);
SELECT copilot_enable_tenant_rls('returns');

CREATE TABLE return_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  return_id uuid NOT NULL,
  order_line_id uuid NOT NULL,
  sku_id uuid NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  quantity_received integer NOT NULL DEFAULT 0 CHECK (quantity_received >= 0),
  -- Inspection grade (A new … D defective, X not ours / fraud) and what happens to the unit next.
  grade text CHECK (grade IN ('A', 'B', 'C', 'D', 'X')),
  disposition text CHECK (disposition IN ('restock', 'damaged', 'vendor')),
  disposition_at timestamptz,
  disposition_by text,
  UNIQUE (tenant_id, return_id, order_line_id),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, return_id) REFERENCES returns (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, order_line_id) REFERENCES order_lines (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id),
  CHECK (quantity_received <= quantity)
);
SELECT copilot_enable_tenant_rls('return_lines');

CREATE TABLE refunds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  payment_id uuid NOT NULL,
  return_id uuid,
  amount numeric(14, 2) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'succeeded' CHECK (status IN ('pending', 'succeeded', 'failed')),
  psp_reference text,
  requested_by text NOT NULL DEFAULT 'system',
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, return_id) REFERENCES returns (tenant_id, id)
);
CREATE INDEX refunds_order_idx ON refunds (tenant_id, order_id);
SELECT copilot_enable_tenant_rls('refunds');

CREATE TABLE invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  -- The ERP's document number.
  invoice_number text NOT NULL,
  currency char(3) NOT NULL,
  amount numeric(14, 2) NOT NULL,
  tax_amount numeric(14, 2) NOT NULL DEFAULT 0,
  amount_paid numeric(14, 2) NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'paid', 'disputed', 'void')),
  posted_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz,
  paid_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, invoice_number),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX invoices_order_idx ON invoices (tenant_id, order_id);
SELECT copilot_enable_tenant_rls('invoices');

CREATE TABLE backorder_notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  order_line_id uuid,
  channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms', 'edi', 'marketplace_message', 'phone')),
  previous_promised_date timestamptz,
  new_promised_date timestamptz NOT NULL,
  message text NOT NULL,
  sent_by text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, order_line_id) REFERENCES order_lines (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX backorder_notices_order_idx ON backorder_notices (tenant_id, order_id);
SELECT copilot_enable_tenant_rls('backorder_notices');

CREATE TABLE erp_sync_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id uuid NOT NULL,
  document text NOT NULL DEFAULT 'order' CHECK (document IN ('order', 'shipment', 'invoice', 'return', 'credit_memo')),
  outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
  -- Normalised middleware code (ERP-422, ERP-503, …) and the raw message.
  error_code text,
  error_message text,
  retryable boolean,
  trigger text NOT NULL DEFAULT 'event' CHECK (trigger IN ('event', 'retry')),
  attempted_by text NOT NULL DEFAULT 'system',
  attempted_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX erp_sync_attempts_order_idx ON erp_sync_attempts (tenant_id, order_id, attempted_at);
SELECT copilot_enable_tenant_rls('erp_sync_attempts');
