-- Dead letters always store (issue 12). PostgreSQL's jsonb cannot hold a NUL (\u0000) or an unpaired
-- surrogate escape, so an event carrying one used to be lost with its dead letter. Such an event is now
-- kept twice: `payload` holds a copy with those characters written as visible \uXXXX escapes (for
-- people), `raw_base64` the delivery exactly as received, UTF-8 in base64 (what replay applies).
ALTER TABLE dead_letter_events ADD COLUMN raw_base64 text;

-- A delivery without a usable event id (not JSON at all, or no valid `id`) is keyed by the SHA-256 of
-- its body, so a sender redelivering it counts attempts on one row instead of adding a row each time.
ALTER TABLE dead_letter_events ADD COLUMN body_sha256 text;
CREATE UNIQUE INDEX dead_letter_events_pending_body_idx ON dead_letter_events (tenant_id, body_sha256)
  WHERE status = 'pending' AND event_id IS NULL AND body_sha256 IS NOT NULL;
