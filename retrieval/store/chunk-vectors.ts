/**
 * Current chunks with their stored embeddings, page by page: for loading the same vectors into
 * another store (the retrieval benchmark's LangChain PGVectorStore reference) without re-embedding.
 * Run as the operator for every scope, or under withTenant for what the tenant sees.
 */
import type { Queryable } from '../../core/db/database.ts';

export interface ChunkVector {
  citation: string;
  documentId: string;
  title: string;
  content: string;
  embedding: number[];
}

export async function countCurrentChunks(tx: Queryable): Promise<number> {
  return (await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM knowledge_chunks WHERE is_current')).rows[0]!.count;
}

/** One page of current chunks in a stable order; chunks without an embedding are skipped. */
export async function readCurrentChunkVectors(tx: Queryable, page: { offset: number; limit: number }): Promise<ChunkVector[]> {
  const result = await tx.query<{ citation: string; document_id: string; title: string; content: string; embedding: string }>(
    `SELECT citation, document_id, title, content, embedding::text AS embedding FROM knowledge_chunks
      WHERE is_current AND embedding IS NOT NULL ORDER BY id LIMIT $1 OFFSET $2`,
    [page.limit, page.offset],
  );
  return result.rows.map((row) => ({
    citation: row.citation,
    documentId: row.document_id,
    title: row.title,
    content: row.content,
    embedding: JSON.parse(row.embedding) as number[],
  }));
}
