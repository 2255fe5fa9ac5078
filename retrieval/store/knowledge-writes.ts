/**
 * The only code that writes knowledge_documents and knowledge_chunks: retrieval owns the knowledge
 * tables (its migrations create them, its reindex rewrites them), and ingestion stores what it loaded
 * and chunked through these functions (docs/decisions/007-retrieval-owns-knowledge-tables.md). Each
 * runs inside the caller's transaction (operator for global documents, the tenant's scope for private
 * ones), so a document version and all its chunks appear, or are replaced, at once.
 */
import type { Queryable } from '../../core/db/database.ts';
import type { RunbookConditions } from '../runbook-conditions.ts';
import { vectorSearchAvailable } from '../vector-support.ts';
import { forgetSearchContexts } from '../search/search-context-cache.ts';

/** The document fields a stored version keeps (ingestion's loaded SourceDocument has these and more). */
export interface StoredDocumentFields {
  id: string;
  title: string;
  type: string;
  appliesTo: string[];
  actions: string[];
  systems: string[];
  conditions?: RunbookConditions;
  owner?: string;
  declaredVersion?: number;
  format: string;
  body: string;
}

/**
 * One chunk as stored: where it sits in the document, its text and hash, and its embedding as a
 * vector literal or in pgvector's binary form (retrieval/vector-literal.ts, the faster to store).
 */
export interface StoredChunk {
  ordinal: number;
  headingPath: string[];
  sectionSlug: string;
  lineStart: number;
  lineEnd: number;
  content: string;
  contentHash: string;
  embedding: string | Uint8Array;
}

export interface CurrentVersion {
  key: number;
  tenantId: string | null;
  version: number;
  contentHash: string;
}

/**
 * `tenant_id IS NULL` or `tenant_id = $n` — never IS NOT DISTINCT FROM, which no index can serve.
 * Returns the condition and the parameters to append.
 */
export function scopeCondition(tenantId: string | null, nextParam: number): { sql: string; params: unknown[] } {
  return tenantId === null ? { sql: 'tenant_id IS NULL', params: [] } : { sql: `tenant_id = $${nextParam}::uuid`, params: [tenantId] };
}

/** Current versions of these document ids in every scope the transaction sees, by id. */
export async function currentVersionsById(tx: Queryable, documentIds: readonly string[]): Promise<Map<string, CurrentVersion[]>> {
  const result = await tx.query<{ key: number; tenant_id: string | null; document_id: string; version: number; content_hash: string }>(
    'SELECT key, tenant_id, document_id, version, content_hash FROM knowledge_documents WHERE is_current AND document_id = ANY($1::text[])',
    [documentIds],
  );
  const byId = new Map<string, CurrentVersion[]>();
  for (const row of result.rows) {
    const entry = { key: row.key, tenantId: row.tenant_id, version: row.version, contentHash: row.content_hash };
    byId.set(row.document_id, [...(byId.get(row.document_id) ?? []), entry]);
  }
  return byId;
}

export interface LockedVersions {
  /** The current version, locked so two ingests cannot both replace it (absent: none). */
  current: CurrentVersion | undefined;
  /** The highest version ever stored (retired documents keep theirs); 0 for a new document. */
  highest: number;
}

/**
 * Inside the writing transaction, for documents of one scope: each one's current version, locked,
 * and its highest version — two statements for the whole batch rather than two per document (each
 * statement costs about a millisecond of PGlite's time, which a bulk load of thousands of documents feels).
 */
export async function lockCurrentVersions(
  tx: Queryable,
  tenantId: string | null,
  documentIds: readonly string[],
): Promise<Map<string, LockedVersions>> {
  const scope = scopeCondition(tenantId, 2);
  const current = await tx.query<{ key: number; document_id: string; version: number; content_hash: string }>(
    `SELECT key, document_id, version, content_hash FROM knowledge_documents
     WHERE document_id = ANY($1::text[]) AND ${scope.sql} AND is_current FOR UPDATE`,
    [documentIds, ...scope.params],
  );
  const highest = await tx.query<{ document_id: string; version: number }>(
    `SELECT document_id, max(version) AS version FROM knowledge_documents
     WHERE document_id = ANY($1::text[]) AND ${scope.sql} GROUP BY document_id`,
    [documentIds, ...scope.params],
  );
  const locked = new Map<string, LockedVersions>(documentIds.map((id) => [id, { current: undefined, highest: 0 }]));
  for (const row of highest.rows) locked.get(row.document_id)!.highest = row.version;
  for (const row of current.rows) {
    locked.get(row.document_id)!.current = { key: row.key, tenantId, version: row.version, contentHash: row.content_hash };
  }
  return locked;
}

/** Embeddings of versions' chunks by content hash, so unchanged sections of an edited document are not re-embedded. */
export async function embeddingsByHash(tx: Queryable, documentKeys: readonly number[]): Promise<Map<number, Map<string, string>>> {
  if (!(await vectorSearchAvailable(tx))) return new Map();
  const result = await tx.query<{ document_key: number; content_hash: string; embedding: string }>(
    'SELECT document_key, content_hash, embedding::text AS embedding FROM knowledge_chunks WHERE document_key = ANY($1::bigint[]) AND embedding IS NOT NULL',
    [documentKeys],
  );
  const byKey = new Map<number, Map<string, string>>();
  for (const row of result.rows) {
    const hashes = byKey.get(row.document_key) ?? new Map<string, string>();
    hashes.set(row.content_hash, row.embedding);
    byKey.set(row.document_key, hashes);
  }
  return byKey;
}

/** Takes a version out of search (it stays citable): no longer current, its vectors dropped. */
export async function supersedeVersion(tx: Queryable, documentKey: number, retired = false): Promise<void> {
  forgetSearchContexts();
  await tx.query(`UPDATE knowledge_documents SET is_current = false${retired ? ', retired_at = now()' : ''} WHERE key = $1`, [documentKey]);
  const dropVectors = (await vectorSearchAvailable(tx)) ? ', embedding = NULL' : '';
  await tx.query(`UPDATE knowledge_chunks SET is_current = false${dropVectors} WHERE document_key = $1`, [documentKey]);
}

export interface NewVersion {
  tenantId: string | null;
  document: StoredDocumentFields;
  /** Path as stored (relative to the project when inside it). */
  storedPath: string;
  version: number;
  contentHash: string;
  chunks: readonly StoredChunk[];
}

/** Values per chunk row with the embedding (the last one); one fewer without vector search. */
const VALUES_PER_CHUNK = 16;
const CHUNK_ROWS_PER_INSERT = 200;

export async function insertVersion(tx: Queryable, input: NewVersion): Promise<number> {
  forgetSearchContexts();
  return (await insertVersions(tx, [input]))[0]!;
}

const VALUES_PER_DOCUMENT = 15;
const DOCUMENT_ROWS_PER_INSERT = 100;

/** Document rows in multi-row statements; returns their keys in input order. */
async function insertDocumentRows(tx: Queryable, inputs: readonly NewVersion[]): Promise<number[]> {
  const keyOf = (tenantId: string | null, documentId: string, version: number): string =>
    `${tenantId?.toLowerCase() ?? ''}\u0000${documentId}\u0000${version}`;
  const keys = new Map<string, number>();
  for (let start = 0; start < inputs.length; start += DOCUMENT_ROWS_PER_INSERT) {
    const batch = inputs.slice(start, start + DOCUMENT_ROWS_PER_INSERT);
    const params: unknown[] = [];
    const values = batch.map((input, row) => {
      const { document } = input;
      params.push(
        input.tenantId,
        document.id,
        input.version,
        document.title,
        document.type,
        document.appliesTo,
        document.actions,
        document.systems,
        document.owner ?? null,
        document.declaredVersion === undefined ? null : String(document.declaredVersion),
        input.contentHash,
        input.storedPath,
        document.format,
        document.body,
        JSON.stringify(document.conditions ?? {}),
      );
      const slots = Array.from({ length: VALUES_PER_DOCUMENT }, (_, column) => `$${row * VALUES_PER_DOCUMENT + column + 1}`);
      slots[0] = `${slots[0]}::uuid`;
      slots[VALUES_PER_DOCUMENT - 1] = `${slots[VALUES_PER_DOCUMENT - 1]}::jsonb`;
      return `(${slots.join(', ')})`;
    });
    const inserted = await tx.query<{ key: number; tenant_id: string | null; document_id: string; version: number }>(
      `INSERT INTO knowledge_documents
         (tenant_id, document_id, version, title, doc_type, applies_to, actions, systems, owner, declared_version,
          content_hash, source_path, source_format, body, conditions)
       VALUES ${values.join(', ')}
       RETURNING key, tenant_id, document_id, version`,
      params,
    );
    // (tenant, document, version) is unique, so each returned row names its input whatever the row order.
    for (const row of inserted.rows) keys.set(keyOf(row.tenant_id, row.document_id, row.version), row.key);
  }
  return inputs.map((input) => keys.get(keyOf(input.tenantId, input.document.id, input.version))!);
}

/**
 * Several versions in the caller's transaction: their document rows, then all their chunks in
 * multi-row statements across documents (one statement, and one run of the text-index trigger, per
 * CHUNK_ROWS_PER_INSERT chunks rather than per document). Returns the document keys in input order.
 */
export async function insertVersions(tx: Queryable, inputs: readonly NewVersion[]): Promise<number[]> {
  forgetSearchContexts();
  const keys = await insertDocumentRows(tx, inputs);
  const withVectors = await vectorSearchAvailable(tx);
  const perChunk = withVectors ? VALUES_PER_CHUNK : VALUES_PER_CHUNK - 1;
  const rows = inputs.flatMap((input, index) => input.chunks.map((chunk) => ({ input, key: keys[index]!, chunk })));
  for (let start = 0; start < rows.length; start += CHUNK_ROWS_PER_INSERT) {
    const batch = rows.slice(start, start + CHUNK_ROWS_PER_INSERT);
    const params: unknown[] = [];
    const values = batch.map(({ input, key, chunk }, row) => {
      const { document } = input;
      params.push(
        key,
        input.tenantId,
        document.id,
        input.version,
        document.type,
        document.appliesTo,
        document.title,
        chunk.ordinal,
        chunk.headingPath,
        chunk.headingPath.join(' > '),
        chunk.sectionSlug,
        chunk.lineStart,
        chunk.lineEnd,
        chunk.content,
        chunk.contentHash,
      );
      if (withVectors) params.push(chunk.embedding);
      const base = row * perChunk;
      const slots = Array.from({ length: perChunk }, (_, column) => `$${base + column + 1}`);
      slots[1] = `${slots[1]}::uuid`;
      if (withVectors) slots[perChunk - 1] = `${slots[perChunk - 1]}::vector`;
      return `(${slots.join(', ')})`;
    });
    await tx.query(
      `INSERT INTO knowledge_chunks
         (document_key, tenant_id, document_id, version, doc_type, applies_to, title, ordinal, heading_path, heading_text,
          section_slug, line_start, line_end, content, content_hash${withVectors ? ', embedding' : ''})
       VALUES ${values.join(', ')}`,
      params,
    );
  }
  return keys;
}

export interface StoredDocumentRef {
  key: number;
  tenantId: string | null;
  documentId: string;
  sourcePath: string;
}

/** Current documents visible in the transaction (all of them for the operator). */
export async function listCurrentDocuments(tx: Queryable, tenantId?: string | null): Promise<StoredDocumentRef[]> {
  const scope = tenantId === undefined ? undefined : scopeCondition(tenantId, 1);
  const result = await tx.query<{ key: number; tenant_id: string | null; document_id: string; source_path: string }>(
    `SELECT key, tenant_id, document_id, source_path FROM knowledge_documents
     WHERE is_current${scope ? ` AND ${scope.sql}` : ''} ORDER BY document_id`,
    scope?.params ?? [],
  );
  return result.rows.map((row) => ({ key: row.key, tenantId: row.tenant_id, documentId: row.document_id, sourcePath: row.source_path }));
}
