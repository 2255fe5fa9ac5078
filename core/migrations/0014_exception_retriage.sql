-- A decided proposal sends its exception back to triage (rejected with a reason, executed while the
-- cause is still there, failed): each round is a `retriage` entry in the history, which also bounds them.
ALTER TABLE exception_events DROP CONSTRAINT exception_events_kind_check;
ALTER TABLE exception_events ADD CONSTRAINT exception_events_kind_check CHECK (kind IN (
  'detected', 'severity_raised', 'status_changed', 'auto_resolved', 'reopened', 'claimed',
  'claim_released', 'triage_failed', 'parked', 'unparked', 'note',
  'escalated', 'assigned', 'taken', 'handed_over', 'released', 'retriage'));
