/**
 * Retrieval suites (the knowledge index's labelled queries) as part of an eval run: the knowledge
 * engineer's evaluation (eval/retrieval) run against a clone of this run's template, which already
 * holds the ingested corpus and its tenants, so the index is not built twice.
 */
import type { Config } from '../../core/config.ts';
import { createTenant, findTenant } from '../../core/tenants/tenants.ts';
import { createEmbedder } from '../../retrieval/embeddings/create-embedder.ts';
import { loadRetrievalSuite } from '../retrieval/retrieval-suite.ts';
import { RETRIEVAL_MODES, runRetrievalEval } from '../retrieval/run-retrieval-eval.ts';
import { cloneTemplate } from '../fixtures/fixture-template.ts';
import type { RetrievalSummary } from '../report/report-schema.ts';
import type { RunTemplates } from './templates.ts';

/** recall@k in the summary is recall@5, the cut-off the retrieval set is labelled for. */
export const RETRIEVAL_K = 5;
export const HEADLINE_MODE = 'hybrid';

export async function runRetrievalSuite(path: string, templates: RunTemplates, config: Config): Promise<RetrievalSummary[]> {
  const suite = await loadRetrievalSuite(path);
  const db = await cloneTemplate(await templates.base());
  try {
    const tenantIds = new Map<string, string>();
    for (const slug of new Set(suite.cases.flatMap((entry) => (entry.tenant ? [entry.tenant] : [])))) {
      const tenant = (await findTenant(db, slug)) ?? (await createTenant(db, { slug, name: slug }));
      tenantIds.set(slug, tenant.id);
    }
    const result = await runRetrievalEval(suite, {
      embedder: createEmbedder(config),
      modes: RETRIEVAL_MODES,
      index: { db, tenantIds, pathsById: new Map(), close: async () => {} },
    });
    const headline = result.summary.find((entry) => entry.mode === HEADLINE_MODE) ?? result.summary[0]!;
    const round = (value: number): number => Math.round(value * 10_000) / 10_000;
    return [
      {
        suite: suite.name,
        queries: result.cases,
        mode: headline.mode,
        k: RETRIEVAL_K,
        recallAtK: round(headline['recall@5']),
        recallAt1: round(headline['recall@1']),
        mrr: round(headline.mrr),
        ndcgAt10: round(headline['ndcg@10']),
        byMode: result.summary.map((entry) => ({
          mode: entry.mode,
          'recall@1': round(entry['recall@1']),
          'recall@5': round(entry['recall@5']),
          mrr: round(entry.mrr),
          'ndcg@10': round(entry['ndcg@10']),
        })),
      },
    ];
  } finally {
    await db.close();
  }
}
