-- Browser sessions: the UI signs in with an API key and gets an opaque session cookie. The row holds
-- the key's id and an expiry, never the key; the cookie's token is stored only as a SHA-256 hash.
-- The principal is re-derived from the key on every request, so revoking the key ends its sessions.
CREATE TABLE web_sessions (
  token_hash text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  api_key_id uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX web_sessions_tenant_idx ON web_sessions (tenant_id);
CREATE INDEX web_sessions_expires_idx ON web_sessions (expires_at);
SELECT copilot_enable_tenant_rls('web_sessions');
