/** A loaded Markdown document for tests that ingest by hand: a runbook with no front-matter beyond its id, unless overridden. */
import { parseMarkdownBlocks } from '../loaders/markdown-blocks.ts';
import type { SourceDocument } from '../source-document.ts';

export function markdownDocument(id: string, markdown: string, overrides: Partial<SourceDocument> = {}): SourceDocument {
  return {
    id,
    title: id,
    type: 'runbook',
    appliesTo: [],
    actions: [],
    systems: [],
    sourcePath: `${id}.md`,
    format: 'markdown',
    body: markdown,
    blocks: parseMarkdownBlocks(markdown),
    ...overrides,
  };
}
