-- Browser sessions of partner organisations' people (partner key or single sign-on). A partner
-- session belongs to no tenant: it names the partner person and the granted tenant they currently
-- work in (NULL: the partner's own pages). The principal, and the grant to the current tenant, are
-- re-derived on every request, so a revoked key or grant takes effect at once. Looked up by the
-- token's hash as the operator, like web_sessions; the application role cannot read it at all.
CREATE TABLE web_partner_sessions (
  token_hash text PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  partner_user_id uuid NOT NULL REFERENCES partner_users (id) ON DELETE CASCADE,
  partner_key_id uuid REFERENCES partner_api_keys (id) ON DELETE CASCADE,
  identity_issuer text,
  identity_subject text,
  current_tenant_id uuid REFERENCES tenants (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at),
  CHECK ((partner_key_id IS NOT NULL AND identity_issuer IS NULL AND identity_subject IS NULL)
      OR (partner_key_id IS NULL AND identity_issuer IS NOT NULL AND identity_subject IS NOT NULL))
);
CREATE INDEX web_partner_sessions_expires_idx ON web_partner_sessions (expires_at);
ALTER TABLE web_partner_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE web_partner_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY operator_access ON web_partner_sessions TO copilot_operator USING (true) WITH CHECK (true);
REVOKE ALL ON web_partner_sessions FROM copilot_app;
