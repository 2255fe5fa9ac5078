-- BM25F ranking for knowledge search. ts_rank_cd has no inverse document frequency and ranked every
-- chunk matching any query word; this index keeps, per (lexeme, chunk), the term's BM25F weight
-- without IDF (its "impact"), so a search reads only the highest-impact postings of each query term
-- through one index and multiplies by IDF from the term statistics: BM25 with a bounded top-k scan.
--
-- Fields: the title and heading path (tsv weight A) and the content (weight B), each length-normalised
-- against its own average and weighted (BM25F, Robertson et al. 2004):
--   tf~ = Σ_field w_field · tf_field / (1 − b_field + b_field · length_field / average_field)
--   impact = tf~ · (k1 + 1) / (tf~ + k1)
-- Lengths count distinct lexemes per field (what a tsvector keeps); stemming is PostgreSQL's English
-- configuration on both sides (documents through the tsv column, queries through to_tsvector).
--
-- Postings are derived from knowledge_chunks by triggers (written by no application code): a current
-- chunk has postings, a superseded one none. Averages are those of the index when a chunk is added.

CREATE TABLE knowledge_postings (
  chunk_id bigint NOT NULL REFERENCES knowledge_chunks (id) ON DELETE CASCADE,
  lexeme text NOT NULL,
  -- Copied from the chunk so row-level security applies inside the index scan.
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  impact real NOT NULL,
  PRIMARY KEY (chunk_id, lexeme)
);
-- Covering, so a term's top postings come from the index alone once the table is vacuumed.
CREATE INDEX knowledge_postings_impact_idx ON knowledge_postings (lexeme, impact DESC) INCLUDE (chunk_id, tenant_id);

-- Written only by the triggers below, which run as the writer of the chunks: the operator for global
-- documents, the tenant's role for its private ones (row-level security checks those writes too).
ALTER TABLE knowledge_postings ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_postings FORCE ROW LEVEL SECURITY;
CREATE POLICY knowledge_read ON knowledge_postings FOR SELECT TO copilot_app
  USING (tenant_id IS NULL OR tenant_id = copilot_tenant_id());
CREATE POLICY knowledge_insert ON knowledge_postings FOR INSERT TO copilot_app
  WITH CHECK (tenant_id = copilot_tenant_id());
CREATE POLICY knowledge_delete ON knowledge_postings FOR DELETE TO copilot_app
  USING (tenant_id = copilot_tenant_id());
CREATE POLICY operator_access ON knowledge_postings TO copilot_operator USING (true) WITH CHECK (true);

-- Running field-length totals over current global chunks (for the averages), kept by the triggers.
ALTER TABLE knowledge_index
  ADD COLUMN title_length_total bigint NOT NULL DEFAULT 0,
  ADD COLUMN body_length_total bigint NOT NULL DEFAULT 0,
  ADD COLUMN length_chunks bigint NOT NULL DEFAULT 0;

-- BM25F parameters (k1, b per field, field weights), in one place for the triggers and the docs.
CREATE FUNCTION knowledge_bm25_k1() RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT 1.2::float8 $$;
CREATE FUNCTION knowledge_bm25_title_weight() RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT 2.0::float8 $$;
CREATE FUNCTION knowledge_bm25_title_b() RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT 0.5::float8 $$;
CREATE FUNCTION knowledge_bm25_body_b() RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT 0.75::float8 $$;

-- Per chunk and lexeme: term frequency in each field; per chunk: each field's length.
CREATE FUNCTION knowledge_chunk_terms(chunk_tsv tsvector)
  RETURNS TABLE (lexeme text, title_tf integer, body_tf integer, title_length integer, body_length integer)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
  WITH terms AS (
    SELECT t.lexeme,
           coalesce(array_length(array_positions(t.weights, 'A'), 1), 0) AS title_tf,
           coalesce(array_length(array_positions(t.weights, 'B'), 1), 0) AS body_tf
    FROM unnest(chunk_tsv) AS t (lexeme, positions, weights)
  )
  SELECT lexeme, title_tf, body_tf,
         (count(*) FILTER (WHERE title_tf > 0) OVER ())::integer, (count(*) FILTER (WHERE body_tf > 0) OVER ())::integer
  FROM terms
$$;

-- Postings for chunks just inserted (current ones), normalised by the index's average field lengths
-- (for the first load into an empty index, the averages of the rows being inserted), in one pass over
-- the new chunks' lexemes. Only global chunks count towards the averages, which every tenant reads;
-- only the operator may update them, so a tenant's insert runs the statement without that update.
CREATE FUNCTION knowledge_add_postings() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inserted WHERE is_current AND tenant_id IS NULL) THEN
    WITH terms AS MATERIALIZED (
      SELECT c.id AS chunk_id, c.tenant_id, t.lexeme,
             coalesce(cardinality(array_positions(t.weights, 'A')), 0) AS title_tf,
             coalesce(cardinality(array_positions(t.weights, 'B')), 0) AS body_tf
      FROM inserted c, unnest(c.tsv) AS t (lexeme, positions, weights)
      WHERE c.is_current
    ), lengths AS MATERIALIZED (
      SELECT chunk_id, bool_and(tenant_id IS NULL) AS is_global,
             count(*) FILTER (WHERE title_tf > 0) AS title_length, count(*) FILTER (WHERE body_tf > 0) AS body_length
      FROM terms GROUP BY chunk_id
    ), averages AS MATERIALIZED (
      SELECT coalesce(i.title_length_total::float8 / nullif(i.length_chunks, 0), (SELECT avg(title_length) FROM lengths)) AS title_average,
             coalesce(i.body_length_total::float8 / nullif(i.length_chunks, 0), (SELECT avg(body_length) FROM lengths)) AS body_average
      FROM (SELECT 1) AS one LEFT JOIN knowledge_index i ON true
    ), totals AS (
      UPDATE knowledge_index SET title_length_total = title_length_total + s.title_total, body_length_total = body_length_total + s.body_total,
        length_chunks = length_chunks + s.chunks
      FROM (SELECT sum(title_length) AS title_total, sum(body_length) AS body_total, count(*) AS chunks FROM lengths WHERE is_global) s
      RETURNING 1
    )
    INSERT INTO knowledge_postings (chunk_id, lexeme, tenant_id, impact)
      SELECT chunk_id, lexeme, tenant_id, weighted / (weighted + knowledge_bm25_k1()) * (knowledge_bm25_k1() + 1)
      FROM (
        SELECT t.chunk_id, t.lexeme, t.tenant_id,
               knowledge_bm25_title_weight() * t.title_tf
                 / (1 - knowledge_bm25_title_b() + knowledge_bm25_title_b() * l.title_length / greatest(a.title_average, 1))
               + t.body_tf / (1 - knowledge_bm25_body_b() + knowledge_bm25_body_b() * l.body_length / greatest(a.body_average, 1)) AS weighted
        FROM terms t JOIN lengths l ON l.chunk_id = t.chunk_id CROSS JOIN averages a
      ) AS scored
      WHERE weighted > 0;
  ELSE
    WITH terms AS MATERIALIZED (
      SELECT c.id AS chunk_id, c.tenant_id, t.lexeme,
             coalesce(cardinality(array_positions(t.weights, 'A')), 0) AS title_tf,
             coalesce(cardinality(array_positions(t.weights, 'B')), 0) AS body_tf
      FROM inserted c, unnest(c.tsv) AS t (lexeme, positions, weights)
      WHERE c.is_current
    ), lengths AS MATERIALIZED (
      SELECT chunk_id, count(*) FILTER (WHERE title_tf > 0) AS title_length, count(*) FILTER (WHERE body_tf > 0) AS body_length
      FROM terms GROUP BY chunk_id
    ), averages AS MATERIALIZED (
      SELECT coalesce(i.title_length_total::float8 / nullif(i.length_chunks, 0), (SELECT avg(title_length) FROM lengths)) AS title_average,
             coalesce(i.body_length_total::float8 / nullif(i.length_chunks, 0), (SELECT avg(body_length) FROM lengths)) AS body_average
      FROM (SELECT 1) AS one LEFT JOIN knowledge_index i ON true
    )
    INSERT INTO knowledge_postings (chunk_id, lexeme, tenant_id, impact)
      SELECT chunk_id, lexeme, tenant_id, weighted / (weighted + knowledge_bm25_k1()) * (knowledge_bm25_k1() + 1)
      FROM (
        SELECT t.chunk_id, t.lexeme, t.tenant_id,
               knowledge_bm25_title_weight() * t.title_tf
                 / (1 - knowledge_bm25_title_b() + knowledge_bm25_title_b() * l.title_length / greatest(a.title_average, 1))
               + t.body_tf / (1 - knowledge_bm25_body_b() + knowledge_bm25_body_b() * l.body_length / greatest(a.body_average, 1)) AS weighted
        FROM terms t JOIN lengths l ON l.chunk_id = t.chunk_id CROSS JOIN averages a
      ) AS scored
      WHERE weighted > 0;
  END IF;
  RETURN NULL;
END
$$;

-- Chunks that stopped being current (a new version, a retired document) leave the text index.
CREATE FUNCTION knowledge_drop_postings() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  global_title bigint;
  global_body bigint;
  global_chunks bigint;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS knowledge_retired_chunks (id bigint, tenant_id uuid, tsv tsvector) ON COMMIT DROP;
  DELETE FROM knowledge_retired_chunks;
  INSERT INTO knowledge_retired_chunks
    SELECT n.id, n.tenant_id, n.tsv FROM updated_new n JOIN updated_old o ON o.id = n.id WHERE o.is_current AND NOT n.is_current;
  DELETE FROM knowledge_postings p USING knowledge_retired_chunks r WHERE p.chunk_id = r.id;
  SELECT sum(t.title_length), sum(t.body_length), count(*) INTO global_title, global_body, global_chunks
    FROM knowledge_retired_chunks r, LATERAL (SELECT title_length, body_length FROM knowledge_chunk_terms(r.tsv) LIMIT 1) t
    WHERE r.tenant_id IS NULL;
  IF global_chunks > 0 THEN
    UPDATE knowledge_index SET title_length_total = greatest(0, title_length_total - global_title),
      body_length_total = greatest(0, body_length_total - global_body), length_chunks = greatest(0, length_chunks - global_chunks);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER knowledge_chunks_add_postings AFTER INSERT ON knowledge_chunks
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION knowledge_add_postings();
CREATE TRIGGER knowledge_chunks_drop_postings AFTER UPDATE ON knowledge_chunks
  REFERENCING OLD TABLE AS updated_old NEW TABLE AS updated_new FOR EACH STATEMENT EXECUTE FUNCTION knowledge_drop_postings();

-- New source formats.
ALTER TABLE knowledge_documents DROP CONSTRAINT knowledge_documents_source_format_check;
ALTER TABLE knowledge_documents ADD CONSTRAINT knowledge_documents_source_format_check
  CHECK (source_format IN ('markdown', 'mdx', 'rst', 'asciidoc', 'docx', 'html', 'text', 'pdf'));

-- Existing indexes get their postings (as the operator: row-level security is forced, even for owners).
SET LOCAL ROLE copilot_operator;
CREATE TEMP TABLE knowledge_existing_terms ON COMMIT DROP AS
  SELECT c.id AS chunk_id, c.tenant_id, t.* FROM knowledge_chunks c, knowledge_chunk_terms(c.tsv) t WHERE c.is_current;
UPDATE knowledge_index SET
  title_length_total = coalesce(s.title_total, 0), body_length_total = coalesce(s.body_total, 0), length_chunks = s.chunks
  FROM (SELECT sum(title_length) AS title_total, sum(body_length) AS body_total, count(*) AS chunks
        FROM (SELECT DISTINCT chunk_id, title_length, body_length FROM knowledge_existing_terms WHERE tenant_id IS NULL) per_chunk) s;
INSERT INTO knowledge_postings (chunk_id, lexeme, tenant_id, impact)
  SELECT chunk_id, lexeme, tenant_id, weighted / (weighted + knowledge_bm25_k1()) * (knowledge_bm25_k1() + 1)
  FROM (
    SELECT t.chunk_id, t.lexeme, t.tenant_id,
           knowledge_bm25_title_weight() * t.title_tf
             / (1 - knowledge_bm25_title_b() + knowledge_bm25_title_b() * t.title_length / greatest(a.title_average, 1))
           + t.body_tf / (1 - knowledge_bm25_body_b() + knowledge_bm25_body_b() * t.body_length / greatest(a.body_average, 1)) AS weighted
    FROM knowledge_existing_terms t,
         (SELECT coalesce(avg(title_length), 1) AS title_average, coalesce(avg(body_length), 1) AS body_average
          FROM (SELECT DISTINCT chunk_id, title_length, body_length FROM knowledge_existing_terms) per_chunk) a
  ) scored
  WHERE weighted > 0;
RESET ROLE;
