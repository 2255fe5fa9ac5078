/**
 * Runs the labelled retrieval set against a fresh, isolated index: an in-memory database with the
 * corpus ingested (tenants for private documents and tenant cases created by slug), so results do
 * not depend on — or touch — the user's data. Each query is asked in each mode; documents are ranked
 * by their best chunk (one hit per document) and scored with recall@1, recall@5, MRR and nDCG@10.
 */
import { relative, sep } from 'node:path';
import { openMemoryPglite } from '../../core/db/pglite.ts';
import { migrateAll } from '../../core/db/open.ts';
import type { Database } from '../../core/db/database.ts';
import { createTenant, findTenant } from '../../core/tenants/tenants.ts';
import { BUNDLED_CORPUS_DIR } from '../../ingestion/bundled-corpus.ts';
import { ingestDocuments } from '../../ingestion/ingest-documents.ts';
import { loadFile } from '../../ingestion/loaders/load-file.ts';
import { walkPaths } from '../../ingestion/loaders/walk-paths.ts';
import type { ChunkOptions } from '../../ingestion/chunking/chunk-document.ts';
import type { SourceDocument } from '../../ingestion/source-document.ts';
import type { KnowledgeEmbedder } from '../../retrieval/embeddings/knowledge-embedder.ts';
import { searchKnowledge, type SearchTuning } from '../../retrieval/search/search-knowledge.ts';
import type { SearchMode } from '../../retrieval/search/search-types.ts';
import { caseMetrics, meanMetrics, type RetrievalMetrics } from './metrics.ts';
import type { RetrievalCase, RetrievalSuite } from './retrieval-suite.ts';

export const RETRIEVAL_MODES: readonly SearchMode[] = ['hybrid', 'vector', 'text'];
const RANKED_DOCUMENTS = 10;

export interface RetrievalEvalOptions {
  embedder: KnowledgeEmbedder;
  corpusDir?: string;
  modes?: readonly SearchMode[];
  chunking?: ChunkOptions;
  tuning?: SearchTuning;
  onProgress?: (done: number, total: number) => void;
  /** Reuse an index instead of building one (tests, tuning loops). */
  index?: RetrievalIndex;
  /** Relevant documents are named by their path in the corpus (foreign question sets), not by id. */
  relevantByPath?: boolean;
}

export type ModeMetrics = { mode: SearchMode } & RetrievalMetrics;

export interface CaseResult {
  id: string;
  mode: SearchMode;
  query: string;
  tenant?: string;
  relevant: string[];
  ranked: string[];
  metrics: RetrievalMetrics;
}

export interface RetrievalEvalResult {
  suite: string;
  cases: number;
  summary: ModeMetrics[];
  results: CaseResult[];
}

export interface RetrievalIndex {
  db: Database;
  tenantIds: Map<string, string>;
  /** Each document's file path relative to the corpus directory (how foreign question sets name documents). */
  pathsById: Map<string, string>;
  close(): Promise<void>;
}

/** A throw-away in-memory database with the corpus ingested and the suite's tenants created. */
export async function buildRetrievalIndex(
  suite: RetrievalSuite,
  options: Pick<RetrievalEvalOptions, 'embedder' | 'corpusDir' | 'chunking'> & {
    /** An empty, migrated database to use (tests pass a clone of their template); closed with the index. */
    db?: Database;
  },
): Promise<RetrievalIndex> {
  const db = options.db ?? (await openMemoryPglite());
  try {
    if (!options.db) await migrateAll(db);
    const corpusDir = options.corpusDir ?? BUNDLED_CORPUS_DIR;
    const { files } = await walkPaths([corpusDir]);
    const documents: SourceDocument[] = [];
    const pathsById = new Map<string, string>();
    for (const file of files) {
      const document = await loadFile(file.path, { root: file.root });
      documents.push(document);
      pathsById.set(document.id, relative(corpusDir, file.path).split(sep).join('/'));
    }
    const slugs = new Set<string>([
      ...documents.flatMap((document) => (document.visibility && document.visibility !== 'global' ? [document.visibility] : [])),
      ...suite.cases.flatMap((entry) => (entry.tenant ? [entry.tenant] : [])),
    ]);
    const tenantIds = new Map<string, string>();
    for (const slug of slugs) {
      const tenant = (await findTenant(db, slug)) ?? (await createTenant(db, { slug, name: slug }));
      tenantIds.set(slug, tenant.id);
    }
    const report = await ingestDocuments(db, documents, {
      embedder: options.embedder,
      ...(options.chunking ? { chunking: options.chunking } : {}),
    });
    if (report.skipped.length) {
      throw new Error(`corpus could not be ingested whole: ${report.skipped.map((entry) => `${entry.path}: ${entry.reason}`).join('; ')}`);
    }
    return { db, tenantIds, pathsById, close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Distinct document ids, best first: one hit per document, so the ranking is by each document's best chunk. */
async function rankDocuments(
  index: RetrievalIndex,
  entry: RetrievalCase,
  mode: SearchMode,
  options: RetrievalEvalOptions,
): Promise<string[]> {
  const tenantId = entry.tenant ? index.tenantIds.get(entry.tenant) : undefined;
  const hits = await searchKnowledge(
    index.db,
    { query: entry.query, mode, k: RANKED_DOCUMENTS, perDocumentCap: 1, ...(tenantId ? { tenantId } : {}) },
    { embedder: options.embedder, ...(options.tuning ? { tuning: options.tuning } : {}) },
  );
  const ids = hits.map((hit) => hit.documentId);
  return options.relevantByPath ? ids.map((id) => index.pathsById.get(id) ?? id) : ids;
}

export async function runRetrievalEval(suite: RetrievalSuite, options: RetrievalEvalOptions): Promise<RetrievalEvalResult> {
  const modes = options.modes ?? RETRIEVAL_MODES;
  const index = options.index ?? (await buildRetrievalIndex(suite, options));
  try {
    const results: CaseResult[] = [];
    const total = suite.cases.length * modes.length;
    for (const mode of modes) {
      for (const entry of suite.cases) {
        const ranked = await rankDocuments(index, entry, mode, options);
        results.push({
          id: entry.id,
          mode,
          query: entry.query,
          ...(entry.tenant ? { tenant: entry.tenant } : {}),
          relevant: entry.relevant,
          ranked,
          metrics: caseMetrics(ranked, entry.relevant),
        });
        options.onProgress?.(results.length, total);
      }
    }
    const summary = modes.map((mode) => ({
      mode,
      ...meanMetrics(results.filter((result) => result.mode === mode).map((result) => result.metrics)),
    }));
    return { suite: suite.name, cases: suite.cases.length, summary, results };
  } finally {
    if (!options.index) await index.close();
  }
}
