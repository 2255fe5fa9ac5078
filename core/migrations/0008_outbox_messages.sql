-- The transactional outbox: every consequential change (an executed action, a proposal decided, an
-- exception opened, escalated or resolved) appends one row here in the same transaction as the change,
-- so a rollback sends nothing and a crash after commit loses nothing. Nothing is sent from inside the
-- transaction: the dispatcher (integrations/) fans committed rows out to the tenant's endpoints.
CREATE TABLE outbox_messages (
  -- The message id receivers deduplicate by (the Standard Webhooks `webhook-id`, as msg_<id without dashes>).
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Global append order; per ordering key it is the order of the changes (each change locks its entity).
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
  version integer NOT NULL CHECK (version > 0),
  -- Messages with the same key reach each endpoint in seq order (order:<number>, exception:<id>, proposal:<id>).
  ordering_key text NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  -- The wall clock at append (clock_timestamp, not the transaction start): commit-to-receipt latency starts here.
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- Set once the dispatcher has created a delivery for every endpoint subscribed at that moment.
  fanned_out_at timestamptz
);
CREATE INDEX outbox_messages_unfanned_idx ON outbox_messages (seq) WHERE fanned_out_at IS NULL;
CREATE INDEX outbox_messages_tenant_idx ON outbox_messages (tenant_id, seq DESC);
CREATE INDEX outbox_messages_ordering_idx ON outbox_messages (tenant_id, ordering_key, seq);
SELECT copilot_enable_tenant_rls('outbox_messages');
REVOKE DELETE, TRUNCATE ON outbox_messages FROM copilot_app;
