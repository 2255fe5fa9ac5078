/**
 * `copilot ingest <paths…> [--tenant T] [--prune] [--reindex] [--json]`: load runbooks and SOPs
 * into the knowledge index (incremental), with a progress bar on stderr and a summary. Exits
 * non-zero only when paths were given and nothing could be ingested.
 */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { loadConfig, type Config } from '../../core/config.ts';
import { parseOrThrow, ValidationError } from '../../core/errors.ts';
import type { ChunkOptions } from '../../ingestion/chunking/chunk-document.ts';
import { chunkOptionsFromConfig } from '../../ingestion/chunking/chunk-options.ts';
import { ingestPaths } from '../../ingestion/ingest-paths.ts';
import { nothingIngested, type IngestProgress, type IngestReport } from '../../ingestion/ingest-report.ts';
import { createEmbedder } from '../../retrieval/embeddings/create-embedder.ts';
import { reindexKnowledge, type ReindexReport } from '../../retrieval/index-lifecycle.ts';
import { printJson } from '../output.ts';
import { withRuntime } from '../runtime.ts';

const optionsSchema = z.object({
  tenant: z.string().min(1).optional(),
  prune: z.boolean().default(false),
  reindex: z.boolean().default(false),
  json: z.boolean().default(false),
  maxFileMb: z.coerce.number().positive().max(1024).optional(),
  chunkSize: z.coerce.number().int().min(200).max(8000).optional(),
  chunkOverlap: z.coerce.number().int().min(0).max(2000).optional(),
});
type IngestCliOptions = z.input<typeof optionsSchema>;

interface Progress {
  update(label: string, done: number, total: number): void;
  stop(): void;
}

/**
 * Progress on stderr unless output is JSON: a bar on a terminal; otherwise (a log, a CI job, a pipe)
 * one line per phase and per tenth of the work, so long runs show they are alive without flooding.
 */
function progressReporter(options: { json: boolean }): Progress {
  if (options.json) return { update() {}, stop() {} };
  return process.stderr.isTTY ? progressBar() : progressLines((line) => process.stderr.write(`${line}\n`));
}

export function progressLines(write: (line: string) => void): Progress {
  let phase = '';
  let lastTenth = -1;
  return {
    update(label, done, total) {
      const tenth = total > 0 ? Math.floor((done * 10) / total) : 10;
      if (label === phase && tenth === lastTenth) return;
      phase = label;
      lastTenth = tenth;
      write(`${label.trim()} ${done}/${total}`);
    },
    stop() {},
  };
}

function progressBar(): Progress {
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{label} [{bar}] {value}/{total} {item}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let phase = '';
  return {
    update(label, done, total) {
      if (!started || phase !== label) {
        if (started) bar.stop();
        bar.start(total, done, { label, item: '' });
        started = true;
        phase = label;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function summarizeIngest(report: IngestReport): string {
  const lines = [
    `${report.added.length} added, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ${report.pruned.length} pruned, ${report.skipped.length} skipped` +
      ` — ${report.chunksWritten} chunks written, ${report.embeddingsComputed} embedded, ${report.embeddingsReused} reused (${seconds(report.durationMs)})`,
  ];
  const scope = (tenant: string | null): string => (tenant ? ` [${tenant}]` : '');
  for (const entry of report.added)
    lines.push(`  added    ${entry.documentId} v${entry.version}${scope(entry.tenant)} (${entry.chunks} chunks)`);
  for (const entry of report.updated)
    lines.push(`  updated  ${entry.documentId} v${entry.version}${scope(entry.tenant)} (${entry.chunks} chunks)`);
  for (const entry of report.pruned) lines.push(`  pruned   ${entry.documentId}${scope(entry.tenant)} (${entry.path} is gone)`);
  for (const entry of report.skipped) lines.push(`  skipped  ${entry.path}: ${entry.reason}`);
  return `${lines.join('\n')}\n`;
}

/** Chunking from --chunk-size/--chunk-overlap, each falling back to its environment variable. */
export function ingestChunkOptions(
  options: { chunkSize?: number; chunkOverlap?: number },
  config: Pick<Config, 'COPILOT_CHUNK_SIZE' | 'COPILOT_CHUNK_OVERLAP'>,
): ChunkOptions {
  return chunkOptionsFromConfig(
    {
      COPILOT_CHUNK_SIZE: options.chunkSize ?? config.COPILOT_CHUNK_SIZE,
      COPILOT_CHUNK_OVERLAP: options.chunkOverlap ?? config.COPILOT_CHUNK_OVERLAP,
    },
    {
      size: options.chunkSize === undefined ? 'COPILOT_CHUNK_SIZE' : '--chunk-size',
      overlap: options.chunkOverlap === undefined ? 'COPILOT_CHUNK_OVERLAP' : '--chunk-overlap',
    },
  );
}

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('load runbooks and SOPs (Markdown, HTML, text, PDF; directories are walked) into the knowledge index')
    .argument('[paths...]', 'files or directories to ingest')
    .option('--tenant <slug>', 'make the documents private to this tenant (slug or id)')
    .option('--prune', 'retire indexed documents from these paths whose files are gone (old versions stay citable)')
    .option('--reindex', 're-embed the whole index with the configured embedder (COPILOT_EMBEDDINGS) first')
    .option('--max-file-mb <mb>', 'refuse files larger than this (default: COPILOT_INGEST_MAX_FILE_MB or 10)')
    .option('--chunk-size <chars>', 'target chunk size in characters (default: COPILOT_CHUNK_SIZE or 1000)')
    .option(
      '--chunk-overlap <chars>',
      'overlap between chunks of a long section, smaller than the chunk size; at most half the chunk size is used (default: COPILOT_CHUNK_OVERLAP or 150)',
    )
    .option('--json', 'print the report as JSON: { added, updated, unchanged, pruned, skipped, … }')
    .action(async (paths: string[], raw: IngestCliOptions) => {
      const options = parseOrThrow(optionsSchema, raw, 'ingest options');
      if (paths.length === 0 && !options.reindex) {
        throw new ValidationError('name at least one file or directory to ingest (or use --reindex)', [
          { path: 'paths', message: 'missing' },
        ]);
      }
      // Checked before the database is opened; an error names the options or variables that were used.
      const chunking = paths.length ? ingestChunkOptions(options, loadConfig()) : undefined;
      await withRuntime(async ({ config, db }) => {
        const embedder = createEmbedder(config);
        const bar = progressReporter({ json: Boolean(options.json) });
        let reindexed: ReindexReport | undefined;
        let report: IngestReport | undefined;
        try {
          if (options.reindex) {
            reindexed = await reindexKnowledge(db, embedder, ({ done, total }) => bar.update('embedding', done, total));
            bar.stop();
            if (!options.json)
              process.stderr.write(
                `reindexed ${reindexed.chunks} chunks of ${reindexed.documents} documents with ${reindexed.embedder} (${reindexed.dimension} dimensions)\n`,
              );
          }
          if (chunking) {
            report = await ingestPaths(db, paths, {
              embedder,
              chunking,
              prune: options.prune,
              maxFileBytes: (options.maxFileMb ?? config.COPILOT_INGEST_MAX_FILE_MB) * 1024 * 1024,
              ...(options.tenant ? { tenant: options.tenant } : {}),
              onProgress: (progress: IngestProgress) =>
                bar.update(progress.phase === 'load' ? 'loading ' : 'indexing', progress.done, progress.total),
            });
          }
        } finally {
          bar.stop();
        }
        if (options.json) printJson({ ...(report ?? {}), ...(reindexed ? { reindexed } : {}) });
        else if (report) process.stdout.write(summarizeIngest(report));
        if (report && nothingIngested(report)) process.exitCode = 1;
      });
    });
}
