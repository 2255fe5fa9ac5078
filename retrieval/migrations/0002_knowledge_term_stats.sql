-- Corpus statistics for full-text queries. knowledge_text_query OR-s the words of a question; a word
-- found in a large share of all chunks ("order", "customer" in an order-management corpus) then
-- matches almost everything, makes every text search rank the whole index, and adds nothing to the
-- ranking (ts_rank_cd has no inverse document frequency). The index keeps per-lexeme chunk counts,
-- refreshed after ingests, and the query leaves such words out — corpus-specific stop words.
-- Counted over global documents only: every tenant may read these statistics, and the vocabulary
-- of one tenant's private documents must not be visible to another.
CREATE TABLE knowledge_term_stats (
  lexeme text PRIMARY KEY,
  chunks integer NOT NULL CHECK (chunks >= 0)
);
REVOKE INSERT, UPDATE, DELETE ON knowledge_term_stats FROM copilot_app;
ALTER TABLE knowledge_index ADD COLUMN chunk_count integer NOT NULL DEFAULT 0;

-- Which share of all chunks a term may occur in and still be searched for (chosen on half of the
-- labelled retrieval set, checked on the other half: 0.3 beat 1, 0.2, 0.1 and 0.05 on both).
CREATE FUNCTION knowledge_common_term_ratio() RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT 0.3::float8 $$;
-- How many chunk matches (summed over the kept terms) one text search may rank: on a large index the
-- rarest terms are kept until the budget is spent, which bounds the work per query.
CREATE FUNCTION knowledge_text_match_budget() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 5000::bigint $$;

CREATE OR REPLACE FUNCTION knowledge_text_query(input text) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
  WITH parts AS (
    SELECT part, position FROM unnest(string_to_array(websearch_to_tsquery('english'::regconfig, input)::text, ' & '))
      WITH ORDINALITY AS split (part, position)
    WHERE part <> ''
  ), total AS (
    SELECT coalesce((SELECT chunk_count FROM knowledge_index), 0) AS total_chunks
  ), scored AS (
    -- A part (a word, a quoted phrase, an exclusion) is as common as its rarest lexeme.
    SELECT part, position, left(part, 1) = '!' AS excluded,
           coalesce((SELECT min(coalesce(stats.chunks, 0))
                     FROM regexp_matches(part, '''((?:[^'']|'''')+)''', 'g') AS found (lexeme)
                     LEFT JOIN knowledge_term_stats stats ON stats.lexeme = replace(found.lexeme[1], '''''', '''')), 0) AS chunks
    FROM parts
  ), ranked AS (
    SELECT scored.*, total.total_chunks,
           sum(scored.chunks) OVER (PARTITION BY excluded ORDER BY scored.chunks, position) AS running,
           row_number() OVER (PARTITION BY excluded ORDER BY scored.chunks, position) AS rarity,
           bool_or(NOT excluded AND scored.chunks <= knowledge_common_term_ratio() * total.total_chunks) OVER () AS any_uncommon
    FROM scored, total
  ), kept AS (
    -- Uncommon parts, rarest first, within the budget (the rarest always); if every wanted part is
    -- common, the two rarest.
    SELECT part, excluded, position FROM ranked
    WHERE excluded
       OR (chunks <= knowledge_common_term_ratio() * total_chunks AND (running <= knowledge_text_match_budget() OR rarity = 1))
       OR (NOT any_uncommon AND rarity <= 2)
  ), joined AS (
    SELECT string_agg(part, ' | ' ORDER BY position) FILTER (WHERE NOT excluded) AS wanted,
           string_agg(part, ' & ' ORDER BY position) FILTER (WHERE excluded) AS unwanted
    FROM kept
  )
  SELECT CASE WHEN wanted IS NULL THEN ''::tsquery
              ELSE ('(' || wanted || ')' || coalesce(' & ' || unwanted, ''))::tsquery END
  FROM joined
$$;
