-- Notification routes ride on webhook endpoints: the same delivery queue, retries, circuit breaker,
-- dead letters and replay, with a channel saying how a message is rendered and sent (a signed
-- Standard Webhooks POST, a Slack incoming webhook, a Microsoft Teams workflow webhook, or an email),
-- which queues/users' work.* notices it carries, and which severities wait for a digest.

ALTER TABLE webhook_endpoints
  ADD COLUMN channel text NOT NULL DEFAULT 'webhook' CHECK (channel IN ('webhook', 'slack', 'teams', 'email')),
  -- Routes: work.* notices whose recipients name one of these queues or users (both empty: every notice).
  ADD COLUMN queues text[] NOT NULL DEFAULT '{}',
  ADD COLUMN users text[] NOT NULL DEFAULT '{}',
  -- Digest mode: work.assigned notices about work of these severities are collected and sent together.
  ADD COLUMN digest_severities text[] NOT NULL DEFAULT '{}' CHECK (digest_severities <@ ARRAY['low', 'medium', 'high', 'critical']::text[]),
  ADD COLUMN digest_minutes integer NOT NULL DEFAULT 60 CHECK (digest_minutes BETWEEN 5 AND 1440);
ALTER TABLE webhook_endpoints DROP CONSTRAINT webhook_endpoints_url_check;
ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_url_check CHECK (url ~ '^(https?://|mailto:)');
ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_channel_url_check CHECK ((channel = 'email') = (url ~ '^mailto:'));

-- A held notice waits for its endpoint's digest (digest_due_at set, not claimable); the digest sweep
-- turns every held notice due into one delivery (digest_items = their outbox message ids, message_id
-- a fresh id that names the digest itself) and marks them digested.
ALTER TABLE webhook_deliveries
  ADD COLUMN digest_due_at timestamptz,
  ADD COLUMN digest_items uuid[];
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_status_check;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'dead', 'digested'));
CREATE INDEX webhook_deliveries_digest_idx ON webhook_deliveries (digest_due_at) WHERE status = 'pending' AND digest_due_at IS NOT NULL;
