-- Who decides a pending proposal: its owner (a user, by name) and/or queue, why (the routing rule of
-- the tenant policy, or a person's take / hand-over / release) and how far its escalation ladder has
-- gone. Keyed by the proposal's root (stable across edits), so an edited revision keeps its assignee.
CREATE TABLE proposal_assignments (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  root_id uuid NOT NULL,
  queue text CHECK (queue ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  owner text CHECK (length(owner) BETWEEN 1 AND 200),
  reason jsonb NOT NULL,
  escalation_step integer NOT NULL DEFAULT 0 CHECK (escalation_step >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, root_id),
  FOREIGN KEY (root_id) REFERENCES proposals (id) ON DELETE CASCADE
);
CREATE INDEX proposal_assignments_owner_idx ON proposal_assignments (tenant_id, owner) WHERE owner IS NOT NULL;
CREATE INDEX proposal_assignments_queue_idx ON proposal_assignments (tenant_id, queue) WHERE queue IS NOT NULL;
SELECT copilot_enable_tenant_rls('proposal_assignments');
