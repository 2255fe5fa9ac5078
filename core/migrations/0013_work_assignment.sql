-- Routing work to people: an exception's owner (a user, by name) and/or queue (a team, named in the
-- tenant's policy document), why it is assigned there, and how far its SLA escalation ladder has gone.
-- The history gains the assignment changes (assigned by a routing rule, taken, handed over, released)
-- and escalation steps, each with its actor.

ALTER TABLE exceptions
  ADD COLUMN queue text CHECK (queue ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  ADD COLUMN owner text CHECK (length(owner) BETWEEN 1 AND 200),
  -- {"by": "rule"|"person", "rule": id, "policyVersion": n, "reason": words, "actor": who, "at": iso}
  ADD COLUMN assignment jsonb,
  -- Ladder steps already taken (0 = none); a step is taken once per exception occurrence.
  ADD COLUMN escalation_step integer NOT NULL DEFAULT 0 CHECK (escalation_step >= 0);

CREATE INDEX exceptions_owner_idx ON exceptions (tenant_id, owner) WHERE owner IS NOT NULL AND status IN ('open', 'triaging', 'awaiting_approval');
CREATE INDEX exceptions_queue_assigned_idx ON exceptions (tenant_id, queue) WHERE queue IS NOT NULL AND status IN ('open', 'triaging', 'awaiting_approval');
-- The escalation sweep's scan: live exceptions by their clocks.
CREATE INDEX exceptions_escalation_idx ON exceptions (ack_due_at) WHERE status IN ('open', 'triaging', 'awaiting_approval');

ALTER TABLE exception_events DROP CONSTRAINT exception_events_kind_check;
ALTER TABLE exception_events ADD CONSTRAINT exception_events_kind_check CHECK (kind IN (
  'detected', 'severity_raised', 'status_changed', 'auto_resolved', 'reopened', 'claimed',
  'claim_released', 'triage_failed', 'parked', 'unparked', 'note',
  'escalated', 'assigned', 'taken', 'handed_over', 'released'));
