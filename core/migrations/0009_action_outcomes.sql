-- What became of each executed action downstream: the system of record confirms it (with its own
-- reference) or reports it failed, through signed events on /v1/events; an action not confirmed
-- within its tenant's window is marked unconfirmed. Keyed by the proposal id (the action's
-- idempotency key); no foreign key to proposals so core and policies stay decoupled.
CREATE TABLE action_outcomes (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  proposal_id uuid NOT NULL,
  tool text NOT NULL,
  exception_id uuid,
  ordering_key text NOT NULL,
  executed_at timestamptz NOT NULL,
  -- NULL: the tenant expects no confirmation (none configured); a confirmation is still recorded.
  confirm_by timestamptz,
  status text NOT NULL DEFAULT 'executed' CHECK (status IN ('executed', 'confirmed', 'failed', 'unconfirmed')),
  external_reference text,
  failure_reason text,
  failure_code text,
  -- The inbound event that settled it (for idempotent re-delivery of the same event).
  event_id text,
  settled_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, proposal_id)
);
CREATE INDEX action_outcomes_due_idx ON action_outcomes (confirm_by) WHERE status = 'executed' AND confirm_by IS NOT NULL;
SELECT copilot_enable_tenant_rls('action_outcomes');
REVOKE DELETE, TRUNCATE ON action_outcomes FROM copilot_app, copilot_operator;
