/** Inputs and results of knowledge search, shared by the CLI, the agent's tools, MCP and the retriever. */
import { z } from 'zod';
import type { Citation } from '../citation.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const searchModeSchema = z.enum(['hybrid', 'vector', 'text']);
export type SearchMode = z.infer<typeof searchModeSchema>;

export const searchFiltersSchema = z.object({
  /** Document types (runbook, sop, policy…). */
  types: z.array(z.string().min(1)).optional(),
  /** Exception types a document applies to (any of them). */
  appliesTo: z.array(z.string().min(1)).optional(),
  /** Restrict to these document ids. */
  documentIds: z.array(z.string().min(1)).optional(),
});
export type SearchFilters = z.infer<typeof searchFiltersSchema>;

export const searchRequestSchema = z.object({
  /** The tenant whose view is searched (global documents plus its private ones); absent: global documents only. */
  tenantId: z.uuid().optional(),
  query: z
    .string()
    .trim()
    .min(1, 'query is empty')
    .max(2000, 'query is longer than 2000 characters')
    .refine((query) => !query.includes('\u0000'), 'query contains a NUL character')
    .refine((query) => !LONE_SURROGATE.test(query), 'query contains a lone UTF-16 surrogate (not valid Unicode text)'),
  k: z.number().int().min(1).max(50).default(5),
  mode: searchModeSchema.default('hybrid'),
  filters: searchFiltersSchema.default({}),
  /** At most this many chunks from one document in the results. */
  perDocumentCap: z.number().int().min(1).max(50).default(2),
});
export type SearchRequest = z.input<typeof searchRequestSchema>;

export interface ScoreBreakdown {
  /** The chunk's Reciprocal Rank Fusion score: Σ weight / (k + rank) over the lists it is in (k 60 by default). */
  rrf: number;
  /** The same over its document's ranks (each document ranked by its best chunk in each list). */
  documentRrf: number;
  /** Rank in the vector candidate list and cosine similarity (1 − distance). */
  vector: { rank: number; similarity: number } | null;
  /** Rank in the full-text candidate list and ts_rank_cd score. */
  text: { rank: number; score: number } | null;
}

export interface KnowledgeHit {
  citation: Citation & { ref: string; title: string; documentId: string; version: number; headingPath: string[]; excerpt: string };
  chunkId: number;
  documentId: string;
  version: number;
  title: string;
  docType: string;
  appliesTo: string[];
  visibility: 'global' | 'tenant';
  headingPath: string[];
  sectionSlug: string;
  lineStart: number;
  lineEnd: number;
  content: string;
  score: ScoreBreakdown;
}
