/**
 * The embedder a knowledge index was built with (id and dimension, one row in knowledge_index).
 * Mixing vectors from two embedders would silently return nonsense, so every search and ingest
 * checks it and a mismatch is an `index_mismatch` error that says how to rebuild.
 */
import type { Queryable } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';

export interface IndexInfo {
  embedder: string;
  dimension: number;
  builtAt: Date;
}

export class IndexMismatchError extends AppError {
  constructor(index: { embedder: string; dimension: number }, configured: { embedder: string; dimension?: number }) {
    super(
      'index_mismatch',
      `the knowledge index was built with ${index.embedder} (${index.dimension} dimensions) but the configured embedder is ` +
        `${configured.embedder}${configured.dimension ? ` (${configured.dimension} dimensions)` : ''}; ` +
        'run `copilot ingest --reindex` to rebuild it with the configured embedder (or set COPILOT_EMBEDDINGS back)',
      { index, configured },
    );
  }
}

export async function readIndexInfo(db: Queryable): Promise<IndexInfo | undefined> {
  const result = await db.query<{ embedder: string; dimension: number; built_at: Date }>(
    'SELECT embedder, dimension, built_at FROM knowledge_index',
  );
  const row = result.rows[0];
  return row ? { embedder: row.embedder, dimension: row.dimension, builtAt: row.built_at } : undefined;
}

/** Throws IndexMismatchError unless the index is empty or was built with this embedder id. */
export function assertSameEmbedder(info: IndexInfo | undefined, embedderId: string, dimension?: number): void {
  if (info && (info.embedder !== embedderId || (dimension !== undefined && info.dimension !== dimension))) {
    throw new IndexMismatchError(info, { embedder: embedderId, ...(dimension !== undefined ? { dimension } : {}) });
  }
}

/** The dimension the embedding column is declared with (vector(n) stores n as its type modifier). */
export async function embeddingColumnDimension(db: Queryable): Promise<number> {
  const result = await db.query<{ atttypmod: number }>(
    `SELECT atttypmod FROM pg_attribute WHERE attrelid = 'knowledge_chunks'::regclass AND attname = 'embedding'`,
  );
  return result.rows[0]?.atttypmod ?? -1;
}
