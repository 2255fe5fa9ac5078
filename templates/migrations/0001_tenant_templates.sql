-- Tenant templates: versioned bundles (policy document, private runbooks, SLA calendar, notification
-- routes, people and roles) a new merchant tenant is created from. Operator-owned: no tenant principal
-- reads or writes them (copilot_app has no privilege at all), see docs/decisions/008-tenant-templates.md.

-- One row per published version. A version is immutable: publishing changed content adds version N+1.
CREATE TABLE tenant_templates (
  name text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  version integer NOT NULL CHECK (version > 0),
  description text NOT NULL DEFAULT '',
  content jsonb NOT NULL,
  content_hash text NOT NULL,
  published_by text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
);

-- Which template version a tenant came from. `provisioning` until every part (runbooks included) is in;
-- a tenant still provisioning was left by a crash and is removed when its creation is retried.
CREATE TABLE tenant_template_origins (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  template_name text NOT NULL,
  template_version integer NOT NULL,
  state text NOT NULL DEFAULT 'provisioning' CHECK (state IN ('provisioning', 'ready')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (template_name, template_version) REFERENCES tenant_templates (name, version)
);
CREATE INDEX tenant_template_origins_template_idx ON tenant_template_origins (template_name, template_version);

-- The operator's log of template work: publications (new, unchanged, rejected with every issue) and
-- tenant creations (created, or failed with why and nothing left). A tenant's own audit log cannot hold
-- a refusal that left no tenant, so these live here; append-only like the audit log.
CREATE TABLE tenant_template_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL CHECK (action IN ('template.published', 'template.unchanged', 'template.rejected', 'tenant.created', 'tenant.create_failed')),
  template_name text,
  template_version integer,
  tenant_slug text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX tenant_template_log_at_idx ON tenant_template_log (at DESC);

DO $$
DECLARE
  target text;
BEGIN
  FOREACH target IN ARRAY ARRAY['tenant_templates', 'tenant_template_origins', 'tenant_template_log'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('CREATE POLICY operator_access ON %I TO copilot_operator USING (true) WITH CHECK (true)', target);
  END LOOP;
END
$$;
REVOKE ALL ON tenant_templates, tenant_template_origins, tenant_template_log FROM copilot_app;
-- Published versions and the log never change (origins move from provisioning to ready, once).
REVOKE UPDATE, DELETE, TRUNCATE ON tenant_templates, tenant_template_log FROM copilot_operator;
