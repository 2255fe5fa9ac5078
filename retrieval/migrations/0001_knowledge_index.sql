-- Knowledge index: runbook and SOP documents (every version kept, so old citations resolve), their
-- heading-aware chunks with embeddings (pgvector HNSW, cosine) and full-text vectors (GIN), and the
-- embedder the index was built with. Global documents have tenant_id NULL and are visible to every
-- tenant; private documents carry their tenant's id and are visible to that tenant only.
-- copilot:requires-extension vector
CREATE EXTENSION IF NOT EXISTS vector;
-- copilot:end-requires-extension

-- One row: which embedder built the vectors and their dimension. Search and ingest refuse to mix
-- embedders (error code index_mismatch); `copilot ingest --reindex` rebuilds with the configured one.
CREATE TABLE knowledge_index (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  embedder text NOT NULL,
  dimension integer NOT NULL CHECK (dimension BETWEEN 1 AND 2000),
  built_at timestamptz NOT NULL DEFAULT now()
);
-- Tenants read it (to check the embedder before searching); only the operator changes it.
REVOKE INSERT, UPDATE, DELETE ON knowledge_index FROM copilot_app;

CREATE TABLE knowledge_documents (
  key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  document_id text NOT NULL CHECK (document_id ~ '^[a-z0-9][a-z0-9._-]{0,127}$'),
  -- Monotonic per document: the front-matter version, or one more than the last stored version
  -- when content changed without a bump. (tenant, document, version) never changes meaning.
  version integer NOT NULL CHECK (version >= 1),
  -- Exactly one current version per live document; a pruned document has none (still citable).
  is_current boolean NOT NULL DEFAULT true,
  title text NOT NULL,
  doc_type text NOT NULL,
  applies_to text[] NOT NULL DEFAULT '{}',
  actions text[] NOT NULL DEFAULT '{}',
  systems text[] NOT NULL DEFAULT '{}',
  owner text,
  declared_version text,
  content_hash text NOT NULL,
  source_path text NOT NULL,
  source_format text NOT NULL CHECK (source_format IN ('markdown', 'html', 'text', 'pdf')),
  body text NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  UNIQUE NULLS NOT DISTINCT (tenant_id, document_id, version)
);
CREATE UNIQUE INDEX knowledge_documents_current_idx
  ON knowledge_documents (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), document_id)
  WHERE is_current;
CREATE INDEX knowledge_documents_document_idx ON knowledge_documents (document_id);

CREATE TABLE knowledge_chunks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_key bigint NOT NULL REFERENCES knowledge_documents (key) ON DELETE CASCADE,
  -- Copied from the document so filters and row-level security apply inside the index scans.
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  document_id text NOT NULL,
  version integer NOT NULL,
  is_current boolean NOT NULL DEFAULT true,
  doc_type text NOT NULL,
  applies_to text[] NOT NULL DEFAULT '{}',
  title text NOT NULL,
  ordinal integer NOT NULL,
  heading_path text[] NOT NULL DEFAULT '{}',
  heading_text text NOT NULL DEFAULT '',
  section_slug text NOT NULL,
  line_start integer NOT NULL,
  line_end integer NOT NULL,
  content text NOT NULL,
  content_hash text NOT NULL,
  -- NULL once the version is superseded: old chunks stay citable but leave the vector index.
  -- The dimension follows knowledge_index.dimension (re-typed by `copilot ingest --reindex`).
-- copilot:requires-extension vector
  embedding vector(384),
-- copilot:end-requires-extension
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, title || ' ' || heading_text), 'A')
    || setweight(to_tsvector('english'::regconfig, content), 'B')
  ) STORED,
  citation text GENERATED ALWAYS AS (document_id || '#' || section_slug) STORED,
  UNIQUE (document_key, ordinal)
);
-- copilot:requires-extension vector
CREATE INDEX knowledge_chunks_embedding_idx ON knowledge_chunks USING hnsw (embedding vector_cosine_ops);
-- copilot:end-requires-extension
CREATE INDEX knowledge_chunks_tsv_idx ON knowledge_chunks USING gin (tsv) WHERE is_current;
CREATE INDEX knowledge_chunks_document_idx ON knowledge_chunks (document_key);
CREATE INDEX knowledge_chunks_citation_idx ON knowledge_chunks (document_id, section_slug);

-- Full-text query for knowledge search. websearch_to_tsquery never throws on user input, but it ANDs
-- every word, so a question phrased in a rep's own words rarely matches any single chunk. Its terms
-- are OR-ed instead (ranking still favours chunks matching more of them); quoted phrases stay phrases
-- and "-word" exclusions stay exclusions.
CREATE FUNCTION knowledge_text_query(input text) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
  WITH parts AS (
    SELECT part FROM unnest(string_to_array(websearch_to_tsquery('english'::regconfig, input)::text, ' & ')) AS part
    WHERE part <> ''
  ), joined AS (
    SELECT string_agg(part, ' | ') FILTER (WHERE left(part, 1) <> '!') AS wanted,
           string_agg(part, ' & ') FILTER (WHERE left(part, 1) = '!') AS excluded
    FROM parts
  )
  SELECT CASE WHEN wanted IS NULL THEN ''::tsquery
              ELSE ('(' || wanted || ')' || coalesce(' & ' || excluded, ''))::tsquery END
  FROM joined
$$;

-- Row-level security written here rather than with copilot_enable_tenant_rls: global rows
-- (tenant_id NULL) are readable by every tenant, but only the operator may write them.
ALTER TABLE knowledge_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY knowledge_read ON knowledge_documents FOR SELECT TO copilot_app
  USING (tenant_id IS NULL OR tenant_id = copilot_tenant_id());
CREATE POLICY knowledge_insert ON knowledge_documents FOR INSERT TO copilot_app
  WITH CHECK (tenant_id = copilot_tenant_id());
CREATE POLICY knowledge_update ON knowledge_documents FOR UPDATE TO copilot_app
  USING (tenant_id = copilot_tenant_id()) WITH CHECK (tenant_id = copilot_tenant_id());
CREATE POLICY knowledge_delete ON knowledge_documents FOR DELETE TO copilot_app
  USING (tenant_id = copilot_tenant_id());
CREATE POLICY operator_access ON knowledge_documents TO copilot_operator USING (true) WITH CHECK (true);

ALTER TABLE knowledge_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY knowledge_read ON knowledge_chunks FOR SELECT TO copilot_app
  USING (tenant_id IS NULL OR tenant_id = copilot_tenant_id());
CREATE POLICY knowledge_insert ON knowledge_chunks FOR INSERT TO copilot_app
  WITH CHECK (tenant_id = copilot_tenant_id());
CREATE POLICY knowledge_update ON knowledge_chunks FOR UPDATE TO copilot_app
  USING (tenant_id = copilot_tenant_id()) WITH CHECK (tenant_id = copilot_tenant_id());
CREATE POLICY knowledge_delete ON knowledge_chunks FOR DELETE TO copilot_app
  USING (tenant_id = copilot_tenant_id());
CREATE POLICY operator_access ON knowledge_chunks TO copilot_operator USING (true) WITH CHECK (true);
