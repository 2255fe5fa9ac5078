/**
 * Splits Markdown into blocks (ATX headings, paragraphs, list items with their continuation and
 * nested lines, pipe tables, fenced code) with source line numbers. Deliberately small: runbooks use
 * a plain subset of Markdown, and the chunker only needs block boundaries, not rendering.
 */
import type { Block } from '../source-document.ts';

const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;
const LIST_MARKER = /^(\s*)([-*+]|\d{1,9}[.)])\s+/;
const TABLE_ROW = /^\s{0,3}\|/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlank = (line: string): boolean => line.trim() === '';
const startsBlock = (line: string): boolean =>
  HEADING.test(line) || FENCE.test(line) || TABLE_ROW.test(line) || LIST_MARKER.test(line) || RULE.test(line);

/** @param firstLine 1-based line number of `text`'s first line in the file (after front-matter). */
export function parseMarkdownBlocks(text: string, firstLine = 1): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  const push = (kind: Block['kind'], from: number, to: number, body: string, level?: number): void => {
    blocks.push({ kind, text: body, lineStart: from + firstLine, lineEnd: to + firstLine, ...(level ? { level } : {}) });
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line) || RULE.test(line)) {
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      push('heading', i, i, heading[2]!.trim(), heading[1]!.length);
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      let end = i + 1;
      while (end < lines.length && !lines[end]!.trimStart().startsWith(fence[1]!)) end++;
      const last = Math.min(end, lines.length - 1);
      push('code', i, last, lines.slice(i, last + 1).join('\n'));
      i = last + 1;
      continue;
    }
    if (TABLE_ROW.test(line)) {
      let end = i;
      while (end + 1 < lines.length && TABLE_ROW.test(lines[end + 1]!)) end++;
      push(
        'table',
        i,
        end,
        lines
          .slice(i, end + 1)
          .map((row) => row.trim())
          .join('\n'),
      );
      i = end + 1;
      continue;
    }
    const marker = LIST_MARKER.exec(line);
    if (marker) {
      // An item owns its continuation lines, lazy lines and deeper-indented (nested) items.
      const indent = marker[1]!.length;
      let end = i;
      let next = i + 1;
      while (next < lines.length) {
        const candidate = lines[next]!;
        if (isBlank(candidate)) {
          let after = next + 1;
          while (after < lines.length && isBlank(lines[after]!)) after++;
          if (after < lines.length && indentOf(lines[after]!) > indent) {
            next = after;
            continue;
          }
          break;
        }
        if (indentOf(candidate) > indent) {
          end = next++;
          continue;
        }
        if (startsBlock(candidate)) break;
        end = next++;
      }
      push(
        'list_item',
        i,
        end,
        lines
          .slice(i, end + 1)
          .join('\n')
          .trimEnd(),
      );
      i = end + 1;
      continue;
    }
    let end = i;
    while (end + 1 < lines.length && !isBlank(lines[end + 1]!) && !startsBlock(lines[end + 1]!)) end++;
    push(
      'paragraph',
      i,
      end,
      lines
        .slice(i, end + 1)
        .join('\n')
        .trim(),
    );
    i = end + 1;
  }
  return blocks;
}

/** Inline Markdown reduced to its text (for titles and heading paths). */
export function plainInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]+/g, '')
    .trim();
}
