/** What an ingest run did, per document: the CLI prints it, `--json` emits it as is. */

export interface IngestedDocument {
  documentId: string;
  /** Tenant slug for private documents, null for global ones. */
  tenant: string | null;
  version: number;
  chunks: number;
  path: string;
}

export interface SkippedFile {
  path: string;
  documentId?: string;
  reason: string;
  /** Set when the document is private to a tenant that does not exist (yet): a later run adds it. */
  missingTenant?: string;
}

export interface PrunedDocument {
  documentId: string;
  tenant: string | null;
  path: string;
}

export interface IngestReport {
  added: IngestedDocument[];
  updated: IngestedDocument[];
  unchanged: IngestedDocument[];
  pruned: PrunedDocument[];
  skipped: SkippedFile[];
  /** Chunks embedded in this run (0 when nothing changed). */
  embeddingsComputed: number;
  /** Chunks of edited documents whose text was unchanged, so their previous vectors were kept. */
  embeddingsReused: number;
  chunksWritten: number;
  durationMs: number;
  /** Where the time went: chunking, embedding, writing rows, building the vector index (bulk loads). */
  timings: { chunkMs: number; embedMs: number; writeMs: number; indexBuildMs: number };
}

export type IngestProgress =
  | { phase: 'load'; done: number; total: number; path: string }
  | { phase: 'index'; done: number; total: number; documentId: string };

export function emptyReport(): IngestReport {
  return {
    added: [],
    updated: [],
    unchanged: [],
    pruned: [],
    skipped: [],
    embeddingsComputed: 0,
    embeddingsReused: 0,
    chunksWritten: 0,
    durationMs: 0,
    timings: { chunkMs: 0, embedMs: 0, writeMs: 0, indexBuildMs: 0 },
  };
}

/** Nothing could be ingested: every candidate was skipped (the CLI then exits non-zero). */
export function nothingIngested(report: IngestReport): boolean {
  return report.added.length + report.updated.length + report.unchanged.length === 0;
}
