-- Event intake: applied events (idempotency by tenant + event id) and dead letters.

CREATE TABLE inbound_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  source text NOT NULL DEFAULT 'http' CHECK (source IN ('http', 'cli', 'seed', 'replay', 'test')),
  status text NOT NULL DEFAULT 'applied' CHECK (status IN ('applied')),
  payload jsonb NOT NULL,
  PRIMARY KEY (tenant_id, event_id)
);
CREATE INDEX inbound_events_type_idx ON inbound_events (tenant_id, type, occurred_at);
SELECT copilot_enable_tenant_rls('inbound_events');

-- Events that could not be applied (invalid body, unknown SKU, illegal transition). Nothing is lost:
-- the raw payload is kept and `copilot events replay` re-applies it. One pending row per event id.
CREATE TABLE dead_letter_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  event_id text,
  event_type text,
  source text NOT NULL DEFAULT 'http' CHECK (source IN ('http', 'cli', 'seed', 'replay', 'test')),
  -- The event as received (a JSON string when the input was not JSON at all).
  payload jsonb NOT NULL,
  reason text NOT NULL,
  error_code text NOT NULL,
  details jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'replayed')),
  attempts integer NOT NULL DEFAULT 1,
  first_failed_at timestamptz NOT NULL DEFAULT now(),
  last_failed_at timestamptz NOT NULL DEFAULT now(),
  replayed_at timestamptz
);
CREATE UNIQUE INDEX dead_letter_events_pending_idx ON dead_letter_events (tenant_id, event_id)
  WHERE status = 'pending' AND event_id IS NOT NULL;
CREATE INDEX dead_letter_events_status_idx ON dead_letter_events (tenant_id, status, first_failed_at);
SELECT copilot_enable_tenant_rls('dead_letter_events');
