/**
 * The tables of the knowledge index, all of which a runbook search may read. Each notes its writes
 * (retrieval/migrations/0006_knowledge_write_notes.sql), so cached searches depend on exactly these.
 */
export const KNOWLEDGE_TABLES = [
  'knowledge_index',
  'knowledge_documents',
  'knowledge_chunks',
  'knowledge_term_stats',
  'knowledge_postings',
] as const;
