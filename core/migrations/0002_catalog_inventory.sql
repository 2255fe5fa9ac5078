-- Catalog (locations, SKUs, kits, customers) and inventory (balances by status, safety stock, channel
-- allocations, the movement ledger, purchase orders). Quantities are integers in the SKU's unit of
-- measure; money is numeric(14,2). Every parent table has UNIQUE (tenant_id, id) so children reference
-- it with a composite key: a row can never point at another tenant's row, even by a guessed id.

CREATE TABLE locations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('warehouse', 'store', '3pl', 'virtual')),
  -- Whether orders may be reserved and shipped from here (a virtual drop-ship or a store may not).
  fulfills_orders boolean NOT NULL DEFAULT true,
  -- Lower is preferred when choosing where to reserve.
  priority integer NOT NULL DEFAULT 100,
  country text,
  timezone text NOT NULL DEFAULT 'UTC',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code),
  UNIQUE (tenant_id, id)
);
SELECT copilot_enable_tenant_rls('locations');

CREATE TABLE skus (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_./-]{0,63}$'),
  name text NOT NULL,
  category text,
  uom text NOT NULL DEFAULT 'each' CHECK (uom IN ('each', 'pair', 'pack', 'case', 'set', 'kg', 'm', 'l')),
  is_kit boolean NOT NULL DEFAULT false,
  unit_cost numeric(14, 2) NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
  price numeric(14, 2) NOT NULL DEFAULT 0 CHECK (price >= 0),
  currency char(3) NOT NULL DEFAULT 'USD',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code),
  UNIQUE (tenant_id, id)
);
SELECT copilot_enable_tenant_rls('skus');

-- Bill of materials of a kit/bundle: one kit unit consumes `quantity` units of each component.
CREATE TABLE kit_components (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kit_sku_id uuid NOT NULL,
  component_sku_id uuid NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (tenant_id, kit_sku_id, component_sku_id),
  FOREIGN KEY (tenant_id, kit_sku_id) REFERENCES skus (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, component_sku_id) REFERENCES skus (tenant_id, id),
  CHECK (kit_sku_id <> component_sku_id)
);
SELECT copilot_enable_tenant_rls('kit_components');

CREATE TABLE customers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$'),
  name text NOT NULL,
  email text,
  kind text NOT NULL DEFAULT 'consumer' CHECK (kind IN ('consumer', 'business')),
  tier text NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'vip', 'key_account', 'strategic')),
  payment_terms text NOT NULL DEFAULT 'prepaid' CHECK (payment_terms IN ('prepaid', 'cod', 'net_15', 'net_30', 'net_45', 'net_60')),
  -- NULL: no credit line (prepaid). Exposure = open order value + unpaid invoices.
  credit_limit numeric(14, 2) CHECK (credit_limit >= 0),
  currency char(3) NOT NULL DEFAULT 'USD',
  credit_status text NOT NULL DEFAULT 'ok' CHECK (credit_status IN ('ok', 'on_hold')),
  credit_hold_reason text,
  credit_hold_at timestamptz,
  credit_hold_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code),
  UNIQUE (tenant_id, id)
);
SELECT copilot_enable_tenant_rls('customers');

-- On-hand by status. `available` is unallocated sellable stock, `allocated` is stock reserved for order
-- lines (moved here by reservations only). Only `available` may go negative: a cycle count that finds
-- fewer units than were promised is a stock conflict the exception rules must see, not a lost write.
CREATE TABLE inventory_balances (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  sku_id uuid NOT NULL,
  location_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('available', 'allocated', 'quarantine', 'damaged', 'returns_hold', 'in_transit')),
  quantity integer NOT NULL DEFAULT 0 CHECK (quantity >= 0 OR status = 'available'),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, sku_id, location_id, status),
  FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX inventory_balances_location_idx ON inventory_balances (tenant_id, location_id);
SELECT copilot_enable_tenant_rls('inventory_balances');

CREATE TABLE safety_stock (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  sku_id uuid NOT NULL,
  location_id uuid NOT NULL,
  quantity integer NOT NULL CHECK (quantity >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, sku_id, location_id),
  FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
SELECT copilot_enable_tenant_rls('safety_stock');

-- Channel reservations: stock ring-fenced for one sales channel (e.g. 20 units held for amazon).
-- Other channels may not sell it; the owning channel may.
CREATE TABLE channel_allocations (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  sku_id uuid NOT NULL,
  location_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel ~ '^[a-z0-9_]{2,32}$'),
  quantity integer NOT NULL CHECK (quantity >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, sku_id, location_id, channel),
  FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
SELECT copilot_enable_tenant_rls('channel_allocations');

CREATE TABLE purchase_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  po_number text NOT NULL,
  supplier text NOT NULL,
  location_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('draft', 'submitted', 'confirmed', 'partially_received', 'received', 'cancelled')),
  expected_at timestamptz,
  reason text,
  created_by text NOT NULL DEFAULT 'system',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, po_number),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
SELECT copilot_enable_tenant_rls('purchase_orders');

CREATE TABLE purchase_order_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  purchase_order_id uuid NOT NULL,
  sku_id uuid NOT NULL,
  quantity_ordered integer NOT NULL CHECK (quantity_ordered > 0),
  quantity_received integer NOT NULL DEFAULT 0 CHECK (quantity_received >= 0),
  unit_cost numeric(14, 2) NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
  UNIQUE (tenant_id, purchase_order_id, sku_id),
  FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id)
);
SELECT copilot_enable_tenant_rls('purchase_order_lines');

-- Append-only ledger of every balance change that is not a reservation: adjustments (with a reason
-- code), receipts, shipments, return receipts and dispositions, status moves. KPIs count adjustments here.
CREATE TABLE inventory_movements (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  sku_id uuid NOT NULL,
  location_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('adjustment', 'receipt', 'shipment', 'return_receipt', 'disposition', 'status_change')),
  -- NULL on one side means stock entered or left the location (receipt, shipment, negative adjustment).
  from_status text CHECK (from_status IN ('available', 'allocated', 'quarantine', 'damaged', 'returns_hold', 'in_transit')),
  to_status text CHECK (to_status IN ('available', 'allocated', 'quarantine', 'damaged', 'returns_hold', 'in_transit')),
  quantity integer NOT NULL CHECK (quantity > 0),
  reason_code text,
  reference text,
  note text,
  actor text NOT NULL DEFAULT 'system',
  event_id text,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
  CHECK (from_status IS NOT NULL OR to_status IS NOT NULL)
);
CREATE INDEX inventory_movements_sku_idx ON inventory_movements (tenant_id, sku_id, occurred_at);
CREATE INDEX inventory_movements_kind_idx ON inventory_movements (tenant_id, kind, occurred_at);
SELECT copilot_enable_tenant_rls('inventory_movements');
REVOKE UPDATE, DELETE ON inventory_movements FROM copilot_app, copilot_operator;
