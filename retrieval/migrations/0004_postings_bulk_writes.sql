-- Cheaper chunk writes (issue 14: ingestion at least as fast as LangChain's insert + index).
--
-- The GIN index over tsv served the OR-ed full-text query that BM25 postings replaced (0003); no
-- search reads it, and every chunk insert paid for it.
DROP INDEX IF EXISTS knowledge_chunks_tsv_idx;

-- A foreign key from every posting to its chunk is checked row by row: about a hundred checks per
-- chunk inserted. Postings are written only by the chunk triggers, from the chunks being written, so
-- the key cannot dangle on insert; its ON DELETE CASCADE becomes a statement-level trigger.
ALTER TABLE knowledge_postings DROP CONSTRAINT IF EXISTS knowledge_postings_chunk_id_fkey;

CREATE FUNCTION knowledge_delete_postings() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  DELETE FROM knowledge_postings p USING deleted d WHERE p.chunk_id = d.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER knowledge_chunks_delete_postings AFTER DELETE ON knowledge_chunks
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION knowledge_delete_postings();
