-- People who authenticate through an external identity provider (OAuth access tokens at /mcp, later
-- OpenID Connect sign-in): (issuer, subject) is their stable identity; each links to one user of the
-- tenant the token names, so proposals, approvals (four-eyes) and the audit log reference a tenant
-- user as they always do. A subject is never matched to a user by name.
CREATE TABLE external_identities (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  issuer text NOT NULL,
  subject text NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, issuer, subject),
  UNIQUE (user_id)
);
SELECT copilot_enable_tenant_rls('external_identities');
