/**
 * `copilot ingest <paths…>`: walk, load each file (reporting and skipping what cannot be read), then
 * ingest what loaded. A bad file never stops the run and is never half-indexed.
 */
import type { Database } from '../core/db/database.ts';
import { ingestDocuments, type IngestOptions } from './ingest-documents.ts';
import { emptyReport, type IngestReport } from './ingest-report.ts';
import { IngestFileError } from './loaders/ingest-file-error.ts';
import { DEFAULT_MAX_FILE_BYTES, loadFile } from './loaders/load-file.ts';
import { walkPaths } from './loaders/walk-paths.ts';
import type { SourceDocument } from './source-document.ts';

export interface IngestPathsOptions extends Omit<IngestOptions, 'pruneRoots'> {
  prune?: boolean;
  maxFileBytes?: number;
}

export async function ingestPaths(db: Database, paths: readonly string[], options: IngestPathsOptions): Promise<IngestReport> {
  const started = Date.now();
  const report = emptyReport();
  const { files, problems } = await walkPaths(paths);
  for (const problem of problems) report.skipped.push(problem);

  const documents: SourceDocument[] = [];
  for (const [index, file] of files.entries()) {
    try {
      documents.push(await loadFile(file.path, { maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, root: file.root }));
    } catch (error) {
      const reason = error instanceof IngestFileError ? error.reason : `cannot load: ${(error as Error).message}`;
      report.skipped.push({ path: file.path, reason });
    }
    options.onProgress?.({ phase: 'load', done: index + 1, total: files.length, path: file.path });
  }

  // Pruning only when every given path could be walked: a typo must not retire a whole corpus.
  const walkedAll = !problems.some((problem) => paths.includes(problem.path));
  await ingestDocuments(db, documents, { ...options, ...(options.prune && walkedAll ? { pruneRoots: paths } : {}) }, report);
  report.durationMs = Date.now() - started;
  return report;
}
