/** Markdown with optional YAML front-matter. */
import type { SourceDocument } from '../source-document.ts';
import { buildSourceDocument } from './document-defaults.ts';
import { splitFrontMatter } from './front-matter.ts';
import { parseMarkdownBlocks, plainInline } from './markdown-blocks.ts';

export function loadMarkdown(path: string, text: string): SourceDocument {
  const { frontMatter, foreignTitle, body, bodyStartLine } = splitFrontMatter(path, text);
  const blocks = parseMarkdownBlocks(body, bodyStartLine);
  const h1 = blocks.find((block) => block.kind === 'heading' && block.level === 1);
  return buildSourceDocument({
    path,
    format: 'markdown',
    frontMatter,
    contentTitle: foreignTitle ?? (h1 ? plainInline(h1.text) : undefined),
    body: body.trim(),
    blocks,
  });
}
