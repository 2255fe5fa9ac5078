/**
 * MDX (docs sites: Docusaurus, Next.js, Nextra): front-matter, `import`/`export` statements and JSX
 * removed, the Markdown kept. Removed lines become blank lines, so every block keeps its line numbers.
 * JSX elements' own text (a <Note>'s paragraphs) stays; self-closing components and `{…}` expressions
 * go, except `{metadata.title}`-style references to an exported metadata title, which the title uses.
 * Unbalanced braces or an unclosed comment are reported with their line, and the file is skipped.
 */
import type { SourceDocument } from '../source-document.ts';
import { buildSourceDocument } from './document-defaults.ts';
import { splitFrontMatter } from './front-matter.ts';
import { IngestFileError } from './ingest-file-error.ts';
import { parseMarkdownBlocks, plainInline } from './markdown-blocks.ts';

const FENCE = /^\s{0,3}(```|~~~)/;
const STATEMENT = /^(import|export)\s/;

/** Index just past the brace that closes the one at `open` (strings and template literals skipped), or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"' || char === "'" || char === '`') {
      const end = text.indexOf(char, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Blanks a range of the text, keeping its newlines. */
const blank = (text: string, from: number, to: number): string =>
  text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, ' ') + text.slice(to);

const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/** Blanks JSX tags opened on one line and closed on a later one (`<Prerequisites items={[…]} />`). */
function blankMultilineTags(path: string, text: string, firstLine: number): string {
  let inFence = false;
  let offset = 0;
  let result = text;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence || start < 0) continue;
    const open = /^\s*<[A-Za-z][\w.]*/.exec(line);
    if (!open || /^[^`]*>\s*$/.test(line.slice(open[0].length).replace(/\{[^{}]*\}/g, ''))) continue;
    // Scan to the tag's closing `>` (at brace depth 0, outside strings).
    let depth = 0;
    let end = -1;
    for (let i = start + open[0].length; i < text.length && end < 0; i++) {
      const char = text[i]!;
      if ((char === '"' || char === "'") && depth === 0) {
        const close = text.indexOf(char, i + 1);
        if (close < 0) break;
        i = close;
      } else if (char === '{') depth++;
      else if (char === '}') depth--;
      else if (char === '>' && depth === 0) end = i + 1;
    }
    if (end < 0) throw new IngestFileError(path, `JSX tag ${open[0].trim()} is never closed`, firstLine + lineAt(text, start) - 1);
    if (text.slice(start, end).includes('\n')) result = blank(result, start, end);
  }
  return result;
}

export function mdxToMarkdown(path: string, body: string, firstLine: number): { markdown: string; metadataTitle?: string } {
  let text = body;
  let metadataTitle: string | undefined;
  const lines = text.split('\n');
  let offset = 0;
  let inFence = false;
  // 1. Top-level import/export statements, outside code fences (which may show them as examples).
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const start = offset;
    offset += line.length + 1;
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence || !STATEMENT.test(line)) continue;
    let end = start + line.length;
    const brace = text.indexOf('{', start);
    if (brace >= 0 && brace < end) {
      const close = closingBrace(text, brace);
      if (close < 0) throw new IngestFileError(path, `unbalanced braces in an ${line.split(/\s/)[0]} statement`, firstLine + index);
      const statement = text.slice(start, close);
      const title = /^export\s+const\s+metadata\s*=[\s\S]*?\btitle\s*:\s*(["'`])([\s\S]*?)\1/.exec(statement);
      if (title) metadataTitle = title[2]!.trim();
      end = Math.max(end, close);
      // Skip to the line the statement ends on (an import's `from "…"` may follow the brace).
      const rest = text.indexOf('\n', close);
      end = rest < 0 ? text.length : rest;
    } else if (/^import\s/.test(line) && !/\bfrom\s|^import\s+["']/.test(line)) {
      const from = text.slice(start).search(/\bfrom\s+["'][^"']*["'];?/);
      if (from >= 0) end = text.indexOf('\n', start + from) < 0 ? text.length : text.indexOf('\n', start + from);
    }
    text = blank(text, start, end);
    // Re-split: lines inside the statement are blank now.
    const consumed = text.slice(start, end).split('\n').length - 1;
    for (let skip = 0; skip < consumed; skip++) offset += lines[++index]!.length + 1;
  }
  // 2. JSX tags that span lines (attributes holding objects), blanked whole.
  text = blankMultilineTags(path, text, firstLine);
  // 3. Expressions and JSX outside code fences.
  const out: string[] = [];
  inFence = false;
  const all = text.split('\n');
  for (let index = 0; index < all.length; index++) {
    let line = all[index]!;
    if (FENCE.test(line)) {
      inFence = !inFence;
      out.push(line);
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    // {/* comments */}, possibly over several lines.
    while (line.includes('{/*')) {
      const start = line.indexOf('{/*');
      const endOnLine = line.indexOf('*/}', start);
      if (endOnLine >= 0) {
        line = line.slice(0, start) + line.slice(endOnLine + 3);
        continue;
      }
      let next = index + 1;
      while (next < all.length && !all[next]!.includes('*/}')) next++;
      if (next >= all.length) throw new IngestFileError(path, 'comment {/* … */} is never closed', firstLine + index);
      out.push(line.slice(0, start));
      for (let skipped = index + 1; skipped < next; skipped++) out.push('');
      line = all[next]!.slice(all[next]!.indexOf('*/}') + 3);
      index = next;
    }
    line = line.replace(/\{\s*metadata\.title\s*\}/g, metadataTitle ?? '');
    // Inline code keeps braces and angle brackets as they are.
    const parts = line.split(/(`[^`]*`)/);
    line = parts
      .map((part, partIndex) =>
        partIndex % 2
          ? part
          : part
              .replace(/<([A-Z][\w.]*|[a-z][\w-]*)(\s+[^<>]*?)?\s*\/>/g, (_whole, _tag, attributes: string | undefined) => {
                // A self-closing component: its alt or title text if it has one, else nothing.
                const label = /\b(?:alt|title|label)=["']([^"']+)["']/.exec(attributes ?? '');
                return label ? label[1]! : '';
              })
              .replace(/<\/?[A-Z][\w.]*(\s+[^<>]*)?>/g, '')
              .replace(/<\/?(?:div|span|br|details|summary|section|p)(\s+[^<>]*)?\/?>/g, ' ')
              .replace(/\{[^{}]*\}/g, ''),
      )
      .join('');
    out.push(line.trim() === '' ? '' : line);
  }
  return { markdown: out.join('\n'), ...(metadataTitle ? { metadataTitle } : {}) };
}

export function loadMdx(path: string, text: string): SourceDocument {
  const { frontMatter, foreignTitle, body, bodyStartLine } = splitFrontMatter(path, text);
  const { markdown, metadataTitle } = mdxToMarkdown(path, body, bodyStartLine);
  const blocks = parseMarkdownBlocks(markdown, bodyStartLine);
  const h1 = blocks.find((block) => block.kind === 'heading' && block.level === 1);
  return buildSourceDocument({
    path,
    format: 'mdx',
    frontMatter,
    contentTitle: metadataTitle ?? foreignTitle ?? (h1 ? plainInline(h1.text) : undefined),
    body: markdown.trim(),
    blocks,
  });
}
