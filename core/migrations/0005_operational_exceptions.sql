-- Operational exceptions raised by the deterministic rules in core/exceptions, and their history.
-- One row per occurrence of a cause: the dedupe key names the cause (rule + entity), and a partial
-- unique index guarantees at most one non-terminal exception per cause. A cause that clears and
-- comes back later opens a new row, so each row's timeline and SLA stay meaningful.

CREATE TABLE exceptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN (
    'stock_conflict', 'payment_mismatch', 'address_validation_failed', 'erp_sync_failed', 'shipment_delayed',
    'invoice_mismatch', 'credit_hold', 'return_inspection_overdue', 'backorder_aging', 'duplicate_order')),
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'triaging', 'awaiting_approval', 'resolved', 'dismissed')),
  -- One line for queues and lists ("Order 10482: ERP-503 on order sync, 3 failed attempts").
  title text NOT NULL,
  dedupe_key text NOT NULL,
  -- Entity references (nullable; which ones are set depends on the type). Composite keys keep them in-tenant.
  order_id uuid,
  sku_id uuid,
  location_id uuid,
  customer_id uuid,
  shipment_id uuid,
  return_id uuid,
  invoice_id uuid,
  -- The same entities by the codes people use (order number, SKU code, RMA, invoice number …), for display.
  entity_codes jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The numbers that triggered the rule, refreshed on every re-detection while the exception is live.
  evidence jsonb NOT NULL DEFAULT '{}'::jsonb,
  detected_at timestamptz NOT NULL,
  -- Last time a rule confirmed the cause is still present.
  last_detected_at timestamptz NOT NULL,
  -- The two clocks of pol-sla-definitions: acknowledge (someone owns it) and resolve.
  ack_due_at timestamptz NOT NULL,
  sla_due_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  -- Resolution: how (auto = the cause disappeared; agent; human), the policy's resolution code, a note.
  resolution_how text CHECK (resolution_how IN ('auto', 'agent', 'human')),
  resolution_code text CHECK (resolution_code IN ('RES-AUTO', 'RES-ACTION', 'RES-NOACTION', 'RES-CUSTOMER', 'RES-DUPLICATE')),
  resolution_note text,
  resolved_at timestamptz,
  resolved_by text,
  -- When the cause was last seen to have gone. A row closed by a person while its cause persisted keeps
  -- this NULL, which stops the rules from re-raising the same cause until it has cleared once.
  cause_cleared_at timestamptz,
  -- Triage bookkeeping (the agent's worker claims rows FOR UPDATE SKIP LOCKED through core/exceptions).
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  parked boolean NOT NULL DEFAULT false,
  claimed_at timestamptz,
  claimed_by text,
  last_run_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  CHECK ((status IN ('resolved', 'dismissed')) = (resolved_at IS NOT NULL)),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE SET NULL (order_id),
  FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id) ON DELETE SET NULL (sku_id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id) ON DELETE SET NULL (location_id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE SET NULL (customer_id),
  FOREIGN KEY (tenant_id, shipment_id) REFERENCES shipments (tenant_id, id) ON DELETE SET NULL (shipment_id),
  FOREIGN KEY (tenant_id, return_id) REFERENCES returns (tenant_id, id) ON DELETE SET NULL (return_id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE SET NULL (invoice_id)
);
-- Never two live exceptions for one cause; detection upserts against this index.
CREATE UNIQUE INDEX exceptions_live_dedupe_idx ON exceptions (tenant_id, dedupe_key)
  WHERE status IN ('open', 'triaging', 'awaiting_approval');
CREATE INDEX exceptions_queue_idx ON exceptions (tenant_id, status, type, detected_at);
CREATE INDEX exceptions_dedupe_history_idx ON exceptions (tenant_id, dedupe_key, detected_at);
-- The triage worker's claim scan across tenants.
CREATE INDEX exceptions_claimable_idx ON exceptions (detected_at) WHERE status = 'open' AND NOT parked;
-- Closed-by-a-person rows whose cause has not yet cleared (detection updates these).
CREATE INDEX exceptions_uncleared_idx ON exceptions (tenant_id, type)
  WHERE status IN ('resolved', 'dismissed') AND cause_cleared_at IS NULL;
CREATE INDEX exceptions_order_idx ON exceptions (tenant_id, order_id) WHERE order_id IS NOT NULL;
CREATE INDEX exceptions_sku_idx ON exceptions (tenant_id, sku_id) WHERE sku_id IS NOT NULL;
CREATE INDEX exceptions_customer_idx ON exceptions (tenant_id, customer_id) WHERE customer_id IS NOT NULL;
SELECT copilot_enable_tenant_rls('exceptions');

-- Append-only history of each exception: detection, severity changes, status changes, claims,
-- triage failures, resolution. getException returns it as the exception's timeline.
CREATE TABLE exception_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  exception_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN (
    'detected', 'severity_raised', 'status_changed', 'auto_resolved', 'reopened', 'claimed',
    'claim_released', 'triage_failed', 'parked', 'unparked', 'note')),
  from_status text,
  to_status text,
  actor text NOT NULL DEFAULT 'system',
  note text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, exception_id) REFERENCES exceptions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX exception_events_exception_idx ON exception_events (tenant_id, exception_id, id);
SELECT copilot_enable_tenant_rls('exception_events');
REVOKE UPDATE, DELETE ON exception_events FROM copilot_app, copilot_operator;
