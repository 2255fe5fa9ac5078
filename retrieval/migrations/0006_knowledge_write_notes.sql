-- Writes to the knowledge index note their table (core/migrations/0021_write_notes.sql): cached
-- runbook searches drop when the index changes, and only then — not on every order or stock write.
SELECT copilot_track_table_writes(indexed)
  FROM unnest(ARRAY['knowledge_index', 'knowledge_documents', 'knowledge_chunks', 'knowledge_term_stats',
                    'knowledge_postings']::regclass[]) AS indexed;
