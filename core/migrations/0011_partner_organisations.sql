-- Partner organisations (MSPs, integrators, agencies) and the tenants granted to them.
-- A partner principal works in one granted tenant at a time: the app sets app.partner_id as well as
-- app.tenant_id, and copilot_tenant_id() then yields the tenant only while an unrevoked grant links the
-- two. Every tenant_isolation policy compares against copilot_tenant_id(), so without a grant a partner
-- transaction sees no row of the tenant and can write none, whatever the application code asks for.

CREATE TABLE partners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE partner_grants (
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  granted_by text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (partner_id, tenant_id)
);
CREATE INDEX partner_grants_tenant_idx ON partner_grants (tenant_id);

CREATE TABLE partner_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  name text NOT NULL,
  email text,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['partner_admin', 'partner_analyst', 'partner_operator']::text[]),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partner_id, name)
);

CREATE TABLE partner_api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES partner_users (id) ON DELETE CASCADE,
  name text NOT NULL,
  prefix text NOT NULL UNIQUE,
  key_hash text NOT NULL UNIQUE,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['partner_admin', 'partner_analyst', 'partner_operator']::text[]),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- A partner's person appears in each granted tenant they work in as a user of that tenant (so chats,
-- proposals, approvals and sessions reference a user of the tenant as they always do), linked here.
ALTER TABLE users ADD COLUMN partner_user_id uuid REFERENCES partner_users (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX users_partner_user_idx ON users (tenant_id, partner_user_id) WHERE partner_user_id IS NOT NULL;

-- The partner of the current transaction (set with the tenant by withTenant), or NULL.
CREATE FUNCTION copilot_partner_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.partner_id', true), '')::uuid $$;

-- A partner sees its own organisation and grants (the grant check below reads them as copilot_app);
-- only the operator creates, grants and revokes.
DO $$
DECLARE
  target text;
BEGIN
  FOREACH target IN ARRAY ARRAY['partners', 'partner_grants', 'partner_users', 'partner_api_keys'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('CREATE POLICY operator_access ON %I TO copilot_operator USING (true) WITH CHECK (true)', target);
  END LOOP;
END
$$;
CREATE POLICY partner_self ON partners FOR SELECT TO copilot_app USING (id = copilot_partner_id());
CREATE POLICY partner_own ON partner_grants FOR SELECT TO copilot_app USING (partner_id = copilot_partner_id());
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON partners, partner_grants, partner_users, partner_api_keys FROM copilot_app;

-- The tenant of the current transaction: as before for tenant principals; for a partner principal,
-- the requested tenant only while the partner holds an unrevoked grant to it, else NULL (no rows).
CREATE OR REPLACE FUNCTION copilot_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$
    SELECT CASE
      WHEN copilot_partner_id() IS NULL THEN nullif(current_setting('app.tenant_id', true), '')::uuid
      ELSE (SELECT g.tenant_id FROM partner_grants g
             WHERE g.partner_id = copilot_partner_id()
               AND g.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
               AND g.revoked_at IS NULL)
    END
  $$;
