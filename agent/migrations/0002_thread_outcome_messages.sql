-- A chat thread hears what became of the actions it proposed: `event` turns written by the system
-- (approved, rejected, edited, expired, executed, confirmed, failed downstream), each naming its
-- proposal, with the facts as data. The event key makes each change one message, however often the
-- listener runs (a retried transaction, a replayed confirmation).
ALTER TABLE agent_thread_messages DROP CONSTRAINT agent_thread_messages_role_check;
ALTER TABLE agent_thread_messages ADD CONSTRAINT agent_thread_messages_role_check CHECK (role IN ('user', 'assistant', 'event'));
ALTER TABLE agent_thread_messages ADD COLUMN proposal_id uuid;
ALTER TABLE agent_thread_messages ADD COLUMN data jsonb;
ALTER TABLE agent_thread_messages ADD COLUMN event_key text;
ALTER TABLE agent_thread_messages
  ADD CONSTRAINT agent_thread_messages_event_shape CHECK ((role = 'event') = (event_key IS NOT NULL AND data IS NOT NULL));
CREATE UNIQUE INDEX agent_thread_messages_event_key_idx ON agent_thread_messages (thread_id, event_key) WHERE event_key IS NOT NULL;
CREATE INDEX agent_runs_thread_idx ON agent_runs (thread_id) WHERE thread_id IS NOT NULL;
