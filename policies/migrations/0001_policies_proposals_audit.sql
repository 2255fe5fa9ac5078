-- Policy versions, proposals with their approvals, and the append-only, hash-chained audit log.

-- A tenant's policy documents. Immutable: applying a policy adds a version; the latest is in force.
CREATE TABLE policy_versions (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  source text NOT NULL,
  source_hash text NOT NULL,
  document jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);
SELECT copilot_enable_tenant_rls('policy_versions');
REVOKE UPDATE, DELETE, TRUNCATE ON policy_versions FROM copilot_app, copilot_operator;

-- A frozen, schema-validated tool call and the policy's decision on it. Denied calls are recorded
-- too, so "why was this refused?" has an answer. Edits add a revision and supersede the parent.
CREATE TABLE proposals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  tool text NOT NULL,
  args jsonb NOT NULL,
  args_hash text NOT NULL,
  -- The principal the call was made for (an agent run records the user it ran for).
  proposer_user_id uuid NOT NULL,
  proposer_name text NOT NULL,
  proposer_roles text[] NOT NULL,
  origin_kind text NOT NULL CHECK (origin_kind IN ('user', 'agent', 'mcp', 'system')),
  origin_ref text,
  run_id text,
  rationale text,
  citations jsonb NOT NULL DEFAULT '[]',
  -- The tool's inspect() facts at proposal time: what the decision relied on.
  evidence jsonb NOT NULL DEFAULT '{}',
  -- Owned by the exceptions module; no foreign key so the folders stay decoupled.
  exception_id uuid,
  exception_type text,
  decision text NOT NULL CHECK (decision IN ('allow', 'require_approval', 'deny')),
  rule_id text NOT NULL,
  reason text NOT NULL,
  policy_version integer NOT NULL,
  approver_role text CHECK (approver_role IN ('approver', 'admin')),
  -- Authority limits by role in force when decided ({"approver": 500, "admin": null}); null = unlimited.
  authority jsonb,
  amount numeric,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'executed', 'failed', 'rejected', 'expired', 'superseded', 'denied')),
  root_id uuid NOT NULL,
  revision integer NOT NULL DEFAULT 1 CHECK (revision > 0),
  parent_id uuid REFERENCES proposals (id) ON DELETE CASCADE,
  -- Users who edited this proposal into being (four-eyes: none of them may approve it).
  editors uuid[] NOT NULL DEFAULT '{}',
  expires_at timestamptz,
  result jsonb,
  error jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  UNIQUE (root_id, revision)
);
CREATE INDEX proposals_tenant_status_idx ON proposals (tenant_id, status, created_at DESC);
CREATE INDEX proposals_budget_idx ON proposals (tenant_id, tool, decision, created_at);
CREATE INDEX proposals_exception_idx ON proposals (tenant_id, exception_id) WHERE exception_id IS NOT NULL;
SELECT copilot_enable_tenant_rls('proposals');

-- Each approver's decision on a proposal revision.
CREATE TABLE approvals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  user_name text NOT NULL,
  roles text[] NOT NULL,
  decision text NOT NULL CHECK (decision IN ('approve', 'reject', 'edit')),
  comment text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approvals_proposal_idx ON approvals (tenant_id, proposal_id);
SELECT copilot_enable_tenant_rls('approvals');
REVOKE UPDATE, DELETE, TRUNCATE ON approvals FROM copilot_app, copilot_operator;

-- The audit log: append-only, gapless seq per tenant, each entry hashing its content and the previous
-- entry's hash, so an altered or removed entry breaks the chain (see policies/audit/).
CREATE TABLE audit_log (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  seq bigint NOT NULL CHECK (seq > 0),
  at timestamptz NOT NULL,
  actor jsonb NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  before jsonb,
  after jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
SELECT copilot_enable_tenant_rls('audit_log');
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM copilot_app, copilot_operator;

-- The head of each tenant's chain. Appending locks this row, which keeps seq gapless and the chain
-- linear under concurrency; verification also compares it to the last entry (a removed tail shows).
CREATE TABLE audit_heads (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  hash text NOT NULL
);
SELECT copilot_enable_tenant_rls('audit_heads');
REVOKE DELETE, TRUNCATE ON audit_heads FROM copilot_app, copilot_operator;

-- Refuses every UPDATE and DELETE, whoever asks (privileges are revoked from the app roles above; this
-- also stops the owner). The one exception is the cascade when the tenant itself is deleted: the
-- foreign key's action runs from inside a trigger (depth > 1) after the tenant row is gone.
CREATE FUNCTION copilot_refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1
     AND NOT EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE FUNCTION copilot_refuse_truncate() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION copilot_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION copilot_refuse_truncate();
CREATE TRIGGER policy_versions_append_only BEFORE UPDATE OR DELETE ON policy_versions
  FOR EACH ROW EXECUTE FUNCTION copilot_refuse_change();
CREATE TRIGGER approvals_append_only BEFORE UPDATE OR DELETE ON approvals
  FOR EACH ROW EXECUTE FUNCTION copilot_refuse_change();
