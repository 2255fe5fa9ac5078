-- Writes to the policy note their table (core/migrations/0021_write_notes.sql): an exception list
-- filtered by the caller's queues reads the active policy, so a cached list must drop when it changes.
SELECT copilot_track_table_writes('policy_versions');
