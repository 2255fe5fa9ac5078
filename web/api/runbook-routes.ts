/** Runbooks and SOPs in the knowledge index, as the caller's tenant sees them: list, read a version, search. */
import { z } from 'zod';
import type { Role } from '../../core/identity/roles.ts';
import { createEmbedder, getDocument, KNOWLEDGE_TABLES, listDocuments, searchKnowledge, searchModeSchema } from '../../retrieval/index.ts';
import { citationSchema } from '../../retrieval/citation.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { toJsonSafe } from './json-safe.ts';
import { addRoute, type ApiRouter } from './openapi.ts';
import { limitParam, listParam } from './query-fields.ts';

export const RUNBOOK_READER_ROLES: readonly Role[] = ['rep', 'approver', 'admin', 'evaluator'];

const documentIdSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, 'lowercase letters, digits, dot, dash or underscore');

export const runbookSummarySchema = z
  .object({
    documentId: z.string(),
    title: z.string(),
    type: z.string(),
    appliesTo: z.array(z.string()),
    actions: z.array(z.string()),
    systems: z.array(z.string()),
    owner: z.string().nullable(),
    version: z.number().int(),
    visibility: z.enum(['global', 'tenant']),
    sourcePath: z.string(),
    ingestedAt: z.iso.datetime(),
  })
  .meta({ id: 'RunbookSummary' });

export const runbookSchema = runbookSummarySchema
  .extend({
    body: z.string(),
    current: z.boolean(),
    versions: z.array(z.number().int()),
    sections: z.array(
      z.object({
        slug: z.string(),
        ref: z.string(),
        headingPath: z.array(z.string()),
        lineStart: z.number().int(),
        lineEnd: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'Runbook' });

export const runbookHitSchema = z
  .object({
    citation: citationSchema,
    documentId: z.string(),
    version: z.number().int(),
    title: z.string(),
    docType: z.string(),
    appliesTo: z.array(z.string()),
    visibility: z.enum(['global', 'tenant']),
    headingPath: z.array(z.string()),
    sectionSlug: z.string(),
    lineStart: z.number().int(),
    lineEnd: z.number().int(),
    content: z.string(),
    score: z.object({
      rrf: z.number(),
      documentRrf: z.number().meta({ description: "The same fusion over the passage's document's ranks (documents are ordered by it)" }),
      vector: z.object({ rank: z.number(), similarity: z.number() }).nullable(),
      text: z.object({ rank: z.number(), score: z.number() }).nullable(),
    }),
  })
  .meta({ id: 'RunbookHit' });

const listQuery = z.strictObject({
  type: listParam(z.string().min(1).max(50)).optional().meta({ description: 'Document types (runbook, sop, policy…)' }),
  appliesTo: listParam(z.string().min(1).max(50)).optional().meta({ description: 'Exception types a document applies to' }),
});

const searchQuery = listQuery.extend({
  q: z.string().trim().min(1, 'query is empty').max(2000),
  k: limitParam(50, 8),
  mode: searchModeSchema.default('hybrid'),
  perDocument: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .optional()
    .meta({ description: 'At most this many passages from one document (as `copilot search --per-document`)' }),
});

const readParams = z.object({ documentId: documentIdSchema });
const readQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

/** The write notes a runbook search depends on: the index (checked in read-dependencies.test.ts). */
export function runbookSearchDependencies(): string[] {
  return KNOWLEDGE_TABLES.map((table) => `table:${table}`);
}

export function registerRunbookRoutes(api: ApiRouter, { db, config }: ApiDependencies): void {
  const embedder = createEmbedder(config);

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/runbooks',
      tags: ['runbooks'],
      summary: 'Current runbooks, SOPs and policies (global and the tenant’s own)',
      access: RUNBOOK_READER_ROLES,
      query: listQuery,
      response: z.object({ runbooks: z.array(runbookSummarySchema) }),
      responseDescription: 'Documents',
    },
    async (c, { query }) => {
      const filters = { ...(query.type ? { types: query.type } : {}), ...(query.appliesTo ? { appliesTo: query.appliesTo } : {}) };
      return { runbooks: toJsonSafe(await listDocuments(db, getPrincipal(c).tenantId, filters)) };
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/runbooks/search',
      tags: ['runbooks'],
      summary: 'Hybrid search (vector + full text, fused by Reciprocal Rank Fusion) with citations',
      access: RUNBOOK_READER_ROLES,
      query: searchQuery,
      response: z.object({ hits: z.array(runbookHitSchema) }),
      responseDescription: 'Passages, best first',
      readCache: {
        // The index as stored and this process's embedder: no order, stock or exception write changes it.
        dependsOn: runbookSearchDependencies,
      },
    },
    async (c, { query }) => {
      const filters = { ...(query.type ? { types: query.type } : {}), ...(query.appliesTo ? { appliesTo: query.appliesTo } : {}) };
      const hits = await searchKnowledge(
        db,
        {
          tenantId: getPrincipal(c).tenantId,
          query: query.q,
          k: query.k,
          mode: query.mode,
          filters,
          ...(query.perDocument ? { perDocumentCap: query.perDocument } : {}),
        },
        { embedder },
      );
      return { hits: hits.map(({ chunkId: _chunkId, ...hit }) => hit) };
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/runbooks/{documentId}',
      tags: ['runbooks'],
      summary: 'One document (the current version, or `version`) with its text and section outline',
      access: RUNBOOK_READER_ROLES,
      params: readParams,
      query: readQuery,
      response: runbookSchema,
      responseDescription: 'The document',
      errors: [404],
    },
    async (c, { params, query }) => toJsonSafe(await getDocument(db, getPrincipal(c).tenantId, params.documentId, query.version)),
  );
}
