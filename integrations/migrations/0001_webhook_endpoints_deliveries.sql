-- Outbound webhooks: a tenant's endpoints, one delivery per (endpoint, outbox message), and every attempt.

CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (url ~ '^https?://'),
  -- The Standard Webhooks signing secret (whsec_…). Needed in clear to sign; shown only when created.
  secret text NOT NULL CHECK (secret ~ '^whsec_'),
  -- Message types this endpoint receives; empty = every type.
  types text[] NOT NULL DEFAULT '{}',
  description text NOT NULL DEFAULT '',
  enabled boolean NOT NULL DEFAULT true,
  -- Loopback/private targets are refused unless an operator allowed them (copilot webhooks add --allow-private).
  allow_private boolean NOT NULL DEFAULT false,
  -- Circuit breaker: consecutive failed attempts; while open_until is in the future nothing is sent here.
  consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  circuit_open_until timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_tenant_idx ON webhook_endpoints (tenant_id);
SELECT copilot_enable_tenant_rls('webhook_endpoints');

-- message_id names an outbox message (core owns that table; no foreign key keeps the folders apart).
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  message_id uuid NOT NULL,
  message_seq bigint NOT NULL,
  message_type text NOT NULL,
  ordering_key text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  -- Retries stop (dead) once the next attempt would fall past horizon_start + the retry horizon; replay restarts it.
  horizon_start timestamptz NOT NULL,
  -- A dispatcher's lease while it sends; an expired lease (a dispatcher killed mid-delivery) is claimable again.
  claimed_until timestamptz,
  claimed_by text,
  last_status integer,
  last_error text,
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  message_created_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (endpoint_id, message_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (endpoint_id, ordering_key, message_seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (tenant_id, endpoint_id, created_at DESC);
SELECT copilot_enable_tenant_rls('webhook_deliveries');

CREATE TABLE webhook_delivery_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  status_code integer,
  error text,
  duration_ms integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'dead')),
  attempted_at timestamptz NOT NULL
);
CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (tenant_id, delivery_id, id);
SELECT copilot_enable_tenant_rls('webhook_delivery_attempts');
REVOKE UPDATE ON webhook_delivery_attempts FROM copilot_app, copilot_operator;
