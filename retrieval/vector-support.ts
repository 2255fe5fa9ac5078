/**
 * Whether this database's knowledge index stores embeddings. On PostgreSQL without pgvector the
 * knowledge migrations leave the embedding column and its HNSW index out (core/db/migrate.ts,
 * `copilot:requires-extension`): runbooks are then indexed and searched by text only, and nothing
 * reads or writes vectors. The answer is read from the catalogue each time (one cheap lookup), so
 * it is right for whichever database the caller holds.
 */
import type { Queryable } from '../core/db/database.ts';

export async function vectorSearchAvailable(db: Queryable): Promise<boolean> {
  const result = await db.query(
    `SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('knowledge_chunks') AND attname = 'embedding' AND NOT attisdropped`,
  );
  return result.rowCount > 0;
}
