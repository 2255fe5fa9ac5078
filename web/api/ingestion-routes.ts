/** GET /v1/ingestion/status: the knowledge index's embedder and what the caller's tenant can retrieve. */
import { z } from 'zod';
import { asOperator } from '../../core/db/tenant-scope.ts';
import type { Role } from '../../core/identity/roles.ts';
import { createEmbedder, listDocuments, readIndexInfo } from '../../retrieval/index.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { addRoute, isoDateOrNull, type ApiRouter } from './openapi.ts';

export const INGESTION_READER_ROLES: readonly Role[] = ['admin', 'approver', 'evaluator'];

export const ingestionStatusSchema = z
  .object({
    index: z
      .object({ embedder: z.string(), dimension: z.number().int(), builtAt: z.iso.datetime() })
      .nullable()
      .meta({ description: 'null until something was ingested' }),
    configuredEmbedder: z.string(),
    embedderMatches: z.boolean().meta({ description: 'false: searches fail until `copilot ingest --reindex`' }),
    documents: z.object({
      total: z.number().int(),
      byType: z.record(z.string(), z.number().int()),
      byVisibility: z.object({ global: z.number().int(), tenant: z.number().int() }),
      lastIngestedAt: z.iso.datetime().nullable(),
    }),
  })
  .meta({ id: 'IngestionStatus' });

export function registerIngestionRoutes(api: ApiRouter, { db, config }: ApiDependencies): void {
  const embedder = createEmbedder(config);
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/ingestion/status',
      tags: ['runbooks'],
      summary: 'Knowledge index status: embedder, dimension, documents by type and visibility, last ingest',
      access: INGESTION_READER_ROLES,
      response: ingestionStatusSchema,
      responseDescription: 'The status',
    },
    async (c) => {
      const info = await asOperator(db, (tx) => readIndexInfo(tx));
      const documents = await listDocuments(db, getPrincipal(c).tenantId);
      const byType: Record<string, number> = {};
      const byVisibility = { global: 0, tenant: 0 };
      let last: Date | null = null;
      for (const document of documents) {
        byType[document.type] = (byType[document.type] ?? 0) + 1;
        byVisibility[document.visibility] += 1;
        if (!last || document.ingestedAt > last) last = document.ingestedAt;
      }
      return {
        index: info ? { embedder: info.embedder, dimension: info.dimension, builtAt: info.builtAt.toISOString() } : null,
        configuredEmbedder: embedder.id,
        embedderMatches: !info || info.embedder === embedder.id,
        documents: { total: documents.length, byType, byVisibility, lastIngestedAt: isoDateOrNull(last) },
      };
    },
  );
}
