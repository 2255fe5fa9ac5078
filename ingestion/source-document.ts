/**
 * What a loader produces from one file: validated metadata plus the text as a list of blocks
 * (headings, paragraphs, list items, tables, code) that remember their source lines, so chunks can
 * cite line ranges and the chunker never has to re-parse formats.
 */
import { z } from 'zod';
import { runbookConditionsSchema, type RunbookConditions } from '../retrieval/runbook-conditions.ts';

export const DOCUMENT_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,127}$/;

const stringList = z.union([z.array(z.union([z.string(), z.number()])), z.string(), z.null()]).transform((value) =>
  value === null
    ? []
    : (Array.isArray(value) ? value : [value])
        .map(String)
        .map((item) => item.trim())
        .filter(Boolean),
);

/** Front-matter of a knowledge document (snake_case keys as authors write them). Unknown keys are ignored. */
export const frontMatterSchema = z.object({
  id: z.string().regex(DOCUMENT_ID_PATTERN, 'lowercase letters, digits, ".", "_" or "-", starting with a letter or digit'),
  title: z.string().trim().min(1).max(300),
  type: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a lowercase word such as runbook, sop, policy')
    .default('document'),
  applies_to: stringList.default([]),
  actions: stringList.default([]),
  systems: stringList.default([]),
  // The thresholds and conditions the document's text states (retrieval/runbook-conditions.ts).
  conditions: runbookConditionsSchema.optional(),
  version: z.coerce.number().int().positive().max(1_000_000).optional(),
  owner: z.string().trim().min(1).max(200).optional(),
  // "global" (every tenant sees it) or a tenant slug (only that tenant does).
  visibility: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, '"global" or a tenant slug')
    .optional(),
});
export type FrontMatter = z.infer<typeof frontMatterSchema>;

export type SourceFormat = 'markdown' | 'mdx' | 'rst' | 'asciidoc' | 'docx' | 'html' | 'text' | 'pdf';

export type BlockKind = 'heading' | 'paragraph' | 'list_item' | 'table' | 'code';

export interface Block {
  kind: BlockKind;
  /** Heading text without `#`, or the block's text as Markdown (list items keep their marker). */
  text: string;
  /** Heading level 1–6 (headings only). */
  level?: number;
  /** 1-based, inclusive, in the source file. */
  lineStart: number;
  lineEnd: number;
}

export interface SourceDocument {
  id: string;
  /** The id was derived from the file's path (no front-matter id), so the caller may qualify it. */
  idFromPath?: boolean;
  title: string;
  type: string;
  appliesTo: string[];
  actions: string[];
  systems: string[];
  /** Thresholds and conditions from front-matter; absent when the document states none. */
  conditions?: RunbookConditions;
  owner?: string;
  /** The author's version number from front-matter, when given. */
  declaredVersion?: number;
  /** "global" or a tenant slug as declared; undefined when the file does not say (global, or --tenant's). */
  visibility?: string;
  sourcePath: string;
  format: SourceFormat;
  /** The document's text (Markdown for Markdown, a Markdown rendering for HTML, plain otherwise). */
  body: string;
  blocks: Block[];
}
