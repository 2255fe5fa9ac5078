/**
 * Incremental ingestion of loaded documents into the knowledge index. Per document: chunk, hash, and
 * compare with the current version — unchanged means no embedding and no write; otherwise the new
 * version and all its chunks replace the old one in one transaction (readers see one or the other),
 * reusing vectors of chunks whose text did not change. Old versions stay, out of search, so old
 * citations still resolve. Global documents are written as the operator, private ones inside their
 * tenant's scope, so row-level security checks every write.
 */
import type { Database, Tx } from '../core/db/database.ts';
import { asOperator, withTenant } from '../core/db/tenant-scope.ts';
import { ConflictError } from '../core/errors.ts';
import { findTenant, requireTenant, type Tenant } from '../core/tenants/tenants.ts';
import type { KnowledgeEmbedder } from '../retrieval/embeddings/knowledge-embedder.ts';
import {
  bindIndexToEmbedder,
  plannerStatisticsStale,
  refreshPlannerStatistics,
  withVectorIndexDeferred,
} from '../retrieval/index-lifecycle.ts';
import { toVectorBinary } from '../retrieval/vector-literal.ts';
import {
  CHUNKER_VERSION,
  chunkDocument,
  DEFAULT_CHUNK_OPTIONS,
  sha256,
  type ChunkOptions,
  type DocumentChunk,
} from './chunking/chunk-document.ts';
import { emptyReport, type IngestProgress, type IngestReport } from './ingest-report.ts';
import { pruneMissingDocuments } from './prune-documents.ts';
import type { SourceDocument } from './source-document.ts';
import {
  currentVersionsById,
  embeddingsByHash,
  insertVersions,
  lockCurrentVersions,
  supersedeVersion,
  type CurrentVersion,
  type NewVersion,
} from '../retrieval/store/knowledge-writes.ts';
import { toStoredPath } from './stored-path.ts';

export interface IngestOptions {
  embedder: KnowledgeEmbedder;
  chunking?: ChunkOptions;
  /** Tenant slug or id: every document becomes that tenant's private document. */
  tenant?: string;
  /** Retire current documents whose source file under one of these roots is gone. */
  pruneRoots?: readonly string[];
  onProgress?: (progress: IngestProgress) => void;
  /** Documents embedded together (one embedDocuments call, batched further by the embedder). */
  batchSize?: number;
  /**
   * Drop the HNSW index while writing and build it once afterwards. Default: when at least
   * BULK_LOAD_DOCUMENTS documents need writing (a first load or a re-chunk of a big corpus).
   */
  deferVectorIndex?: boolean;
}

export const BULK_LOAD_DOCUMENTS = 300;

interface Accepted {
  document: SourceDocument;
  tenant: Tenant | null;
  current: CurrentVersion | undefined;
  contentHash: string;
}

interface Prepared {
  document: SourceDocument;
  tenant: Tenant | null;
  chunks: DocumentChunk[];
  contentHash: string;
  current: CurrentVersion | undefined;
  reusable: Map<string, string>;
}

/** The document's identity for change detection: metadata, text with line positions, chunker settings. */
export function documentHash(document: SourceDocument, chunking: ChunkOptions): string {
  const { sourcePath: _path, ...content } = document;
  return sha256(JSON.stringify({ chunker: CHUNKER_VERSION, chunking, content }));
}

const inScope = <T>(db: Database, tenant: Tenant | null, fn: (tx: Tx) => Promise<T>): Promise<T> =>
  tenant ? withTenant(db, tenant.id, fn) : asOperator(db, fn);

export async function ingestDocuments(
  db: Database,
  documents: readonly SourceDocument[],
  options: IngestOptions,
  report: IngestReport = emptyReport(),
): Promise<IngestReport> {
  const started = Date.now();
  const chunking = options.chunking ?? DEFAULT_CHUNK_OPTIONS;
  const info = await bindIndexToEmbedder(db, options.embedder);
  const fixedTenant = options.tenant ? await requireTenant(db, options.tenant) : undefined;
  const skip = (document: SourceDocument, reason: string): void => {
    report.skipped.push({ path: document.sourcePath, documentId: document.id, reason });
  };

  // 1. Which scope each document belongs to.
  const tenantsBySlug = new Map<string, Tenant | undefined>();
  const scoped: Array<{ document: SourceDocument; tenant: Tenant | null }> = [];
  for (const document of documents) {
    const declared = document.visibility;
    if (fixedTenant) {
      if (declared === 'global') skip(document, `declares visibility "global"; ingest it without --tenant`);
      else if (declared && declared !== fixedTenant.slug)
        skip(document, `declares visibility "${declared}", not tenant ${fixedTenant.slug}`);
      else scoped.push({ document, tenant: fixedTenant });
      continue;
    }
    if (!declared || declared === 'global') {
      scoped.push({ document, tenant: null });
      continue;
    }
    if (!tenantsBySlug.has(declared)) tenantsBySlug.set(declared, await findTenant(db, declared));
    const tenant = tenantsBySlug.get(declared);
    if (tenant) scoped.push({ document, tenant });
    else
      report.skipped.push({
        path: document.sourcePath,
        documentId: document.id,
        reason: `visibility names tenant "${declared}", which does not exist`,
        missingTenant: declared,
      });
  }

  // 2. Ids must be unambiguous: the same id twice in one scope, or global and private at once, is refused.
  const byId = new Map<string, typeof scoped>();
  for (const entry of scoped) byId.set(entry.document.id, [...(byId.get(entry.document.id) ?? []), entry]);
  const stored = await asOperator(db, (tx) => currentVersionsById(tx, [...byId.keys()]));
  const accepted: Accepted[] = [];
  for (const [id, entries] of byId) {
    const scopes = entries.map((entry) => entry.tenant?.id ?? null);
    if (entries.length > 1 && (scopes.includes(null) || new Set(scopes).size < scopes.length)) {
      const paths = entries.map((entry) => entry.document.sourcePath);
      for (const entry of entries)
        skip(
          entry.document,
          `duplicate document id "${id}" (also in ${paths.filter((path) => path !== entry.document.sourcePath).join(', ')})`,
        );
      continue;
    }
    for (const entry of entries) {
      const scope = entry.tenant?.id ?? null;
      const versions = stored.get(id) ?? [];
      const clash = versions.find((row) => row.tenantId !== scope && (row.tenantId === null || scope === null));
      if (clash)
        skip(
          entry.document,
          clash.tenantId === null ? `id "${id}" is already a global document` : `id "${id}" is already a tenant's private document`,
        );
      else
        accepted.push({
          ...entry,
          current: versions.find((row) => row.tenantId === scope),
          contentHash: documentHash(entry.document, chunking),
        });
    }
  }
  const changed = accepted.filter((entry) => entry.current?.contentHash !== entry.contentHash);
  const toWrite = changed.length;
  const deferIndex = options.deferVectorIndex ?? toWrite >= BULK_LOAD_DOCUMENTS;
  const write = (): Promise<void> => writeAll(db, accepted, { ...options, chunking }, info.dimension, report, skip);
  const chunksBefore = report.chunksWritten;
  if (deferIndex && toWrite > 0) {
    // A load that replaces no version deletes no postings, so it can do without their key meanwhile.
    const deferPostingsKey = changed.every((entry) => entry.current === undefined);
    await withVectorIndexDeferred(db, write, (indexBuildMs) => (report.timings.indexBuildMs += indexBuildMs), { deferPostingsKey });
  } else await write();
  if (options.pruneRoots?.length) {
    report.pruned.push(
      ...(await pruneMissingDocuments(db, {
        roots: options.pruneRoots,
        tenant: fixedTenant,
        seenIds: new Set(documents.map((document) => document.id)),
      })),
    );
  }
  // Fresh planner statistics: without them the planner guesses a handful of rows pass the search
  // filters and reads every vector exactly instead of using the HNSW index. (PostgreSQL's autovacuum
  // would get there eventually; PGlite has none.) Also after a prune,
  // and when an earlier ingest died before doing so.
  if (report.chunksWritten > chunksBefore || (await plannerStatisticsStale(db)))
    await refreshPlannerStatistics(db, { vacuumPostings: report.chunksWritten - chunksBefore >= 1000 });

  report.durationMs += Date.now() - started;
  return report;
}

/** Chunk, compare, embed what changed, write — in batches so memory stays flat on big corpora. */
async function writeAll(
  db: Database,
  accepted: readonly Accepted[],
  options: IngestOptions & { chunking: ChunkOptions },
  dimension: number,
  report: IngestReport,
  skip: (document: SourceDocument, reason: string) => void,
): Promise<void> {
  const batchSize = options.batchSize ?? 32;
  let done = 0;
  for (let start = 0; start < accepted.length; start += batchSize) {
    const prepared: Prepared[] = [];
    for (const { document, tenant, current, contentHash } of accepted.slice(start, start + batchSize)) {
      const chunkStarted = performance.now();
      const chunks = await chunkDocument(document, options.chunking);
      report.timings.chunkMs += performance.now() - chunkStarted;
      if (current?.contentHash === contentHash) {
        report.unchanged.push({
          documentId: document.id,
          tenant: tenant?.slug ?? null,
          version: current.version,
          chunks: chunks.length,
          path: document.sourcePath,
        });
        options.onProgress?.({ phase: 'index', done: ++done, total: accepted.length, documentId: document.id });
        continue;
      }
      prepared.push({ document, tenant, chunks, contentHash, current, reusable: new Map() });
    }
    const previousKeys = prepared.flatMap((entry) => (entry.current ? [entry.current.key] : []));
    if (previousKeys.length) {
      const reusable = await asOperator(db, (tx) => embeddingsByHash(tx, previousKeys));
      for (const entry of prepared) if (entry.current) entry.reusable = reusable.get(entry.current.key) ?? new Map();
    }
    if (prepared.length === 0) continue;

    // Vectors as stored: reused ones in pgvector's text form (read back), new ones in its binary form.
    const vectors = new Map<string, string | Uint8Array>();
    const pending = new Map<string, string>();
    for (const entry of prepared) {
      for (const chunk of entry.chunks) {
        const previous = entry.reusable.get(chunk.contentHash);
        if (previous) {
          vectors.set(chunk.contentHash, previous);
          report.embeddingsReused++;
        } else if (!vectors.has(chunk.contentHash)) pending.set(chunk.contentHash, chunk.indexText);
      }
    }
    try {
      const embedStarted = performance.now();
      const hashes = [...pending.keys()];
      const embedded = await options.embedder.embedDocuments([...pending.values()]);
      hashes.forEach((hash, index) => vectors.set(hash, toVectorBinary(embedded[index]!, dimension)));
      report.embeddingsComputed += hashes.length;
      report.timings.embedMs += performance.now() - embedStarted;
    } catch (error) {
      for (const entry of prepared) skip(entry.document, `embedding failed: ${(error as Error).message}`);
      done += prepared.length;
      continue;
    }

    // Documents of one scope are written together, in one transaction (one trigger run per batch of
    // chunk rows, not per document); if that fails, each is written alone so one bad document is
    // skipped with its own reason and the others still land.
    const recordWritten = (entry: Prepared, version: number): void => {
      const target = entry.current ? report.updated : report.added;
      target.push({
        documentId: entry.document.id,
        tenant: entry.tenant?.slug ?? null,
        version,
        chunks: entry.chunks.length,
        path: entry.document.sourcePath,
      });
      report.chunksWritten += entry.chunks.length;
      options.onProgress?.({ phase: 'index', done: ++done, total: accepted.length, documentId: entry.document.id });
    };
    for (const group of groupByScope(prepared)) {
      const writeStarted = performance.now();
      let versions: number[] | undefined;
      if (group.length > 1) versions = await writeVersions(db, group, vectors).catch(() => undefined);
      report.timings.writeMs += performance.now() - writeStarted;
      if (versions) {
        group.forEach((entry, index) => recordWritten(entry, versions[index]!));
        continue;
      }
      for (const entry of group) {
        const started = performance.now();
        try {
          recordWritten(entry, (await writeVersions(db, [entry], vectors))[0]!);
        } catch (error) {
          skip(entry.document, `not written: ${(error as Error).message}`);
          options.onProgress?.({ phase: 'index', done: ++done, total: accepted.length, documentId: entry.document.id });
        }
        report.timings.writeMs += performance.now() - started;
      }
    }
  }
}

function groupByScope(prepared: readonly Prepared[]): Prepared[][] {
  const groups = new Map<string, Prepared[]>();
  for (const entry of prepared) {
    const key = entry.tenant?.id ?? '';
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()];
}

/**
 * One transaction: each previous version leaves search and each new one, with every chunk, arrives.
 * Entries share one scope (the operator's, or one tenant's).
 */
async function writeVersions(db: Database, entries: readonly Prepared[], vectors: Map<string, string | Uint8Array>): Promise<number[]> {
  const tenant = entries[0]!.tenant;
  const tenantId = tenant?.id ?? null;
  return inScope(db, tenant, async (tx) => {
    const versions: NewVersion[] = [];
    const locked = await lockCurrentVersions(
      tx,
      tenantId,
      entries.map((entry) => entry.document.id),
    );
    for (const entry of entries) {
      const { current, highest } = locked.get(entry.document.id)!;
      if (current?.key !== entry.current?.key) {
        throw new ConflictError(`document ${entry.document.id} changed while this run was embedding it; run the ingest again`);
      }
      const declared = entry.document.declaredVersion;
      const version = declared !== undefined && declared > highest ? declared : highest + 1;
      if (current) await supersedeVersion(tx, current.key);
      versions.push({
        tenantId,
        document: entry.document,
        storedPath: toStoredPath(entry.document.sourcePath),
        version,
        contentHash: entry.contentHash,
        chunks: entry.chunks.map((chunk) => ({ ...chunk, embedding: vectors.get(chunk.contentHash)! })),
      });
    }
    await insertVersions(tx, versions);
    return versions.map((version) => version.version);
  });
}
