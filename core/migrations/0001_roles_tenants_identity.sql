-- Roles, tenant isolation helpers, tenants and identity (users, API keys).
-- copilot_app: every tenant request runs as this role; row-level security always applies to it.
-- copilot_operator: the cross-tenant operator (CLI, workers' claim step, API-key lookup).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'copilot_app') THEN
    CREATE ROLE copilot_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'copilot_operator') THEN
    CREATE ROLE copilot_operator NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  EXECUTE format('GRANT copilot_app, copilot_operator TO %I', current_user);
END
$$;

GRANT USAGE ON SCHEMA public TO copilot_app, copilot_operator;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO copilot_app, copilot_operator;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO copilot_app, copilot_operator;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO copilot_app, copilot_operator;

-- The tenant of the current transaction (set by withTenant), or NULL.
CREATE FUNCTION copilot_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- Enables and forces row-level security on a tenant-owned table: the app role sees only the current
-- tenant's rows and can write only those; the operator role sees all. Every tenant-owned table calls this.
CREATE FUNCTION copilot_enable_tenant_rls(target regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s TO copilot_app USING (tenant_id = copilot_tenant_id()) WITH CHECK (tenant_id = copilot_tenant_id())',
    target);
  EXECUTE format('CREATE POLICY operator_access ON %s TO copilot_operator USING (true) WITH CHECK (true)', target);
END
$$;

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  -- Shared secret for HMAC-signed event intake. Readable only by the tenant's own transactions.
  webhook_secret text NOT NULL CHECK (length(webhook_secret) >= 32),
  timezone text NOT NULL DEFAULT 'UTC',
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_self ON tenants TO copilot_app USING (id = copilot_tenant_id()) WITH CHECK (id = copilot_tenant_id());
CREATE POLICY operator_access ON tenants TO copilot_operator USING (true) WITH CHECK (true);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL,
  email text,
  roles text[] NOT NULL CHECK (roles <@ ARRAY['rep', 'approver', 'admin', 'evaluator', 'integration']::text[]),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
CREATE INDEX users_tenant_idx ON users (tenant_id);
SELECT copilot_enable_tenant_rls('users');

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- Public, non-secret part of the key (shown in listings so a key can be recognised and revoked).
  prefix text NOT NULL UNIQUE,
  -- SHA-256 of the whole key. Keys are 256-bit random, so a fast hash is sufficient; the key itself is never stored.
  key_hash text NOT NULL UNIQUE,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['rep', 'approver', 'admin', 'evaluator', 'integration']::text[]),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);
SELECT copilot_enable_tenant_rls('api_keys');
