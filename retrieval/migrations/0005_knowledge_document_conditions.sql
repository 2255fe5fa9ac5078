-- The conditions and thresholds a runbook's front-matter states (`conditions:`, validated at ingest by
-- retrieval/runbook-conditions.ts): retryable error codes, day counts, grades. Drafters read them from
-- the governing runbook instead of repeating them as constants. '{}' for a document that states none.
ALTER TABLE knowledge_documents ADD COLUMN conditions jsonb NOT NULL DEFAULT '{}'::jsonb;
