/**
 * `copilot search "<query>" [--k N] [--mode hybrid|vector|text] [--tenant T] [--type t,…]
 * [--applies-to x,…] [--per-document N] [--server URL] [--json]`: knowledge search as the agent sees it:
 * the k best documents, each with its best passages (citations and the score breakdown of every passage).
 * Without --tenant only global documents are searched. With --server (or COPILOT_SERVER_URL) a running
 * server answers, as the user of COPILOT_API_KEY; the embedded database and the embedder are then never
 * loaded (they are imported only on the local path, which is what makes the remote one fast).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { parseOrThrow } from '../../core/errors.ts';
import { groupByDocument, passagesFor, type DocumentHits } from '../../retrieval/search/group-by-document.ts';
import { searchModeSchema, type KnowledgeHit } from '../../retrieval/search/search-types.ts';
import { printJson } from '../output.ts';
import { searchThroughServer } from './search-through-server.ts';
import { traceStart } from '../start-trace.ts';

const list = z
  .string()
  .optional()
  .transform((value) =>
    value
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const optionsSchema = z.object({
  k: z.coerce.number().int().min(1).max(50).default(5),
  mode: searchModeSchema.default('hybrid'),
  tenant: z.string().min(1).optional(),
  type: list,
  appliesTo: list,
  perDocument: z.coerce.number().int().min(1).max(50).default(2),
  server: z.url().optional(),
  json: z.boolean().default(false),
});

function formatDocument(group: DocumentHits, rank: number): string {
  const heading = `${rank}. ${group.title} (${group.documentId}, v${group.version}${group.visibility === 'tenant' ? ', tenant-private' : ''})`;
  return [heading, ...group.passages.map((hit, index) => formatHit(hit, index + 1))].join('\n');
}

function formatHit(hit: KnowledgeHit, rank: number): string {
  const parts = [`rrf ${hit.score.rrf.toFixed(4)} (document ${hit.score.documentRrf.toFixed(4)})`];
  if (hit.score.vector) parts.push(`vector #${hit.score.vector.rank} (cosine ${hit.score.vector.similarity.toFixed(3)})`);
  if (hit.score.text) parts.push(`text #${hit.score.text.rank} (${hit.score.text.score.toFixed(3)})`);
  const where = [hit.title, ...hit.headingPath.filter((heading) => heading !== hit.title)].join(' › ');
  return [
    `   ${String.fromCharCode(96 + rank)}) ${hit.citation.ref} (lines ${hit.lineStart}-${hit.lineEnd})`,
    `      ${where}`,
    `      ${parts.join(' · ')}`,
    `      ${hit.citation.excerpt}`,
  ].join('\n');
}

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('search the knowledge index (runbooks, SOPs, policies) with citations and score breakdown')
    .argument('<query>', 'what to look for, in your own words')
    .option('--k <n>', 'number of documents (each with up to --per-document passages)', '5')
    .option('--mode <mode>', 'hybrid (default), vector or text')
    .option('--tenant <slug>', 'search as this tenant (its private documents plus the global ones)')
    .option('--type <types>', 'only these document types, comma-separated (runbook, sop, policy…)')
    .option('--applies-to <types>', 'only documents for these exception types, comma-separated')
    .option('--per-document <n>', 'at most this many passages from one document', '2')
    .option('--server <url>', 'ask this running server instead of opening the database (default: COPILOT_SERVER_URL; uses COPILOT_API_KEY)')
    .option('--json', 'print the hits as JSON')
    .action(async (query: string, raw: Record<string, unknown>) => {
      traceStart('search command');
      const options = parseOrThrow(
        optionsSchema,
        { ...raw, server: raw.server ?? (process.env.COPILOT_SERVER_URL || undefined) },
        'search options',
      );
      const filters = { ...(options.type ? { types: options.type } : {}), ...(options.appliesTo ? { appliesTo: options.appliesTo } : {}) };
      const hits = options.server
        ? await searchThroughServer({
            server: options.server,
            apiKey: process.env.COPILOT_API_KEY || undefined,
            query,
            passages: passagesFor(options.k, options.perDocument),
            perDocument: options.perDocument,
            mode: options.mode,
            ...filters,
          })
        : await searchLocally(query, options, filters);
      traceStart('search answered');
      const documents = groupByDocument(hits, options.k);
      if (options.json) printJson(documents);
      else if (documents.length === 0)
        process.stdout.write('no matching passages (is the index empty? run `copilot ingest ingestion/corpus`)\n');
      else process.stdout.write(`${documents.map((group, index) => formatDocument(group, index + 1)).join('\n\n')}\n`);
    });
}

/**
 * The search in this process: the embedded database (or DATABASE_URL) and the configured embedder.
 * The database is opened first thing — its thread may already be loading PGlite, started by
 * bin/copilot.mjs before the CLI loaded — and the search modules, the embedder and the offline
 * embedder's word vectors load on this thread meanwhile (a cold search pays for the longer of the two,
 * not their sum).
 */
async function searchLocally(
  query: string,
  options: z.infer<typeof optionsSchema>,
  filters: { types?: string[]; appliesTo?: string[] },
): Promise<KnowledgeHit[]> {
  const { BRIEF, withRuntime } = await import('../runtime.ts');
  const preparing = prepareSearch(query);
  preparing.catch(noop); // awaited below; this only keeps a failure from being reported twice
  return withRuntime(async ({ db }) => {
    const { embedder, requireTenant, searchKnowledge } = await preparing;
    traceStart('search ready');
    const tenant = options.tenant ? await requireTenant(db, options.tenant) : undefined;
    return searchKnowledge(
      db,
      {
        query,
        k: passagesFor(options.k, options.perDocument),
        mode: options.mode,
        perDocumentCap: options.perDocument,
        ...(tenant ? { tenantId: tenant.id } : {}),
        filters,
      },
      { embedder },
    );
  }, BRIEF);
}

/** The search's modules and its embedder, with the query already embedded when the embedder is local. */
async function prepareSearch(query: string) {
  const [{ loadConfig }, { createEmbedder }, { requireTenant }, { searchKnowledge }] = await Promise.all([
    import('../../core/config.ts'),
    import('../../retrieval/embeddings/create-embedder.ts'),
    import('../../core/tenants/tenants.ts'),
    import('../../retrieval/search/search-knowledge.ts'),
  ]);
  traceStart('search modules loaded');
  const embedder = createEmbedder(loadConfig());
  // Warming a local embedder is this query's own embedding (cheap, cached word vectors); a remote one
  // costs a request, so it is left for the search. Failures surface in the search itself.
  if (!embedder.remote) await embedder.embedQuery(query).then(() => traceStart('query embedded'), noop);
  return { embedder, requireTenant, searchKnowledge };
}

const noop = (): void => {};
