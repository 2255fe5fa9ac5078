/**
 * Plain text: paragraphs separated by blank lines, list-looking lines kept as items. Optional YAML
 * front-matter as in Markdown; otherwise the first line is the title.
 */
import type { Block, SourceDocument } from '../source-document.ts';
import { buildSourceDocument } from './document-defaults.ts';
import { splitFrontMatter } from './front-matter.ts';

const LIST_LINE = /^\s*([-*•]|\d{1,3}[.)])\s+/;

export function textBlocks(text: string, firstLine = 1): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let start = -1;
  const flush = (end: number): void => {
    if (start < 0) return;
    const body = lines
      .slice(start, end + 1)
      .join('\n')
      .trim();
    if (body) blocks.push({ kind: 'paragraph', text: body, lineStart: start + firstLine, lineEnd: end + firstLine });
    start = -1;
  };
  lines.forEach((line, index) => {
    if (line.trim() === '') return flush(index - 1);
    if (LIST_LINE.test(line)) {
      flush(index - 1);
      blocks.push({ kind: 'list_item', text: line.trim(), lineStart: index + firstLine, lineEnd: index + firstLine });
      return;
    }
    if (start < 0) start = index;
  });
  flush(lines.length - 1);
  return blocks;
}

export function loadText(path: string, text: string): SourceDocument {
  const { frontMatter, body, bodyStartLine } = splitFrontMatter(path, text);
  const firstLine = body
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim();
  return buildSourceDocument({
    path,
    format: 'text',
    frontMatter,
    contentTitle: firstLine && firstLine.length <= 120 ? firstLine : undefined,
    body: body.trim(),
    blocks: textBlocks(body, bodyStartLine),
  });
}
