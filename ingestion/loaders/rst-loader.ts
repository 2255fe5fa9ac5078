/**
 * reStructuredText (Sphinx documentation trees). Node has no maintained RST parser, so this converts
 * the constructs real Sphinx trees use to the Markdown the block parser reads, line for line (so
 * every block keeps its source lines):
 * - section titles from underlines (and overlines); levels in the order the styles first appear,
 *   the first title being the document's title;
 * - roles reduced to their text (`:guilabel:`, `:menuselection:` "A --> B" as "A > B", `:ref:` and
 *   `:doc:` with an explicit title keep the title), inline literals, emphasis and link markup;
 * - directives: admonitions (note, warning, tip, …) keep their text, prefixed with their kind; code
 *   blocks and `::` literal blocks become code; image, figure, toctree, include and other directives,
 *   comments and link targets are dropped with their indented bodies.
 */
import type { SourceDocument } from '../source-document.ts';
import { buildSourceDocument } from './document-defaults.ts';
import { splitFrontMatter } from './front-matter.ts';
import { IngestFileError } from './ingest-file-error.ts';
import { parseMarkdownBlocks } from './markdown-blocks.ts';

const ADORNMENT = /^([=\-~^"'`#*+:.!$%&,;<>?@_|/\\])\1{2,}\s*$/;
const DIRECTIVE = /^(\s*)\.\.\s+([\w:-]+)::\s*(.*)$/;
const COMMENT_OR_TARGET = /^(\s*)\.\.(\s|$)/;
const ADMONITIONS = new Set([
  'note',
  'warning',
  'tip',
  'important',
  'caution',
  'danger',
  'attention',
  'hint',
  'error',
  'seealso',
  'admonition',
  'versionadded',
  'versionchanged',
  'deprecated',
]);
const CODE_DIRECTIVES = new Set(['code-block', 'code', 'sourcecode', 'literalinclude-inline', 'parsed-literal']);
const KEEP_BODY_DIRECTIVES = new Set([
  'rst-class',
  'container',
  'only',
  'tab',
  'tabs',
  'group-tab',
  'card',
  'topic',
  'sidebar',
  'rubric',
  'centered',
]);

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlank = (line: string): boolean => line.trim() === '';

/** Inline markup reduced to text. */
export function rstInline(text: string): string {
  return text
    .replace(/:menuselection:`([^`]+)`/g, (_whole, path: string) => path.split(/\s*-->\s*/).join(' > '))
    .replace(/:[\w:+-]+:`([^`<]*?)\s*<[^`>]*>`/g, '$1')
    .replace(/:[\w:+-]+:`~?([^`]+)`/g, '$1')
    .replace(/`([^`<]+?)\s*<[^`>]+>`__?/g, '$1')
    .replace(/``([^`]+)``/g, '`$1`')
    .replace(/`([^`]+)`_{1,2}/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1$2')
    .replace(/\b(\w+)__?(?=[\s.,;:)]|$)/g, '$1')
    .replace(/\|([\w -]+)\|/g, '$1');
}

export function rstToMarkdown(path: string, body: string, firstLine: number): { markdown: string; title?: string } {
  const lines = body.split('\n');
  const out = lines.map(() => '');
  const styles: string[] = [];
  let title: string | undefined;
  const levelOf = (style: string): number => {
    if (!styles.includes(style)) styles.push(style);
    return Math.min(styles.indexOf(style) + 1, 6);
  };
  // The closing fence goes on the blank line after a block; only a block that ends the file or runs
  // straight into the next line gets it appended (which shifts later line numbers by one).
  const closeFence = (end: number): number => {
    if (end < lines.length && isBlank(lines[end]!)) {
      out[end] = '```';
      return end + 1;
    }
    out[end - 1] = `${out[end - 1]}\n\`\`\``;
    return end;
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const next = lines[i + 1] ?? '';
    // Title with overline: ===== / Title / =====
    if (ADORNMENT.test(line) && !isBlank(next) && ADORNMENT.exec(lines[i + 2] ?? '')?.[1] === ADORNMENT.exec(line)![1]) {
      const text = rstInline(next.trim());
      const level = levelOf(`over${line.trim()[0]}`);
      title ??= text;
      out[i + 1] = `${'#'.repeat(level)} ${text}`;
      i += 3;
      continue;
    }
    // Title with underline only (the underline at least as long as the text, as docutils requires).
    if (
      !isBlank(line) &&
      indentOf(line) === 0 &&
      ADORNMENT.test(next) &&
      next.trim().length >= line.trim().length &&
      !ADORNMENT.test(line)
    ) {
      const text = rstInline(line.trim());
      title ??= text;
      out[i] = `${'#'.repeat(levelOf(next.trim()[0]!))} ${text}`;
      i += 2;
      continue;
    }
    // An overline must be matched by the same underline; text straight after a lone one is a broken title.
    if (ADORNMENT.test(line) && indentOf(line) === 0 && !isBlank(next) && !ADORNMENT.test(next)) {
      throw new IngestFileError(path, 'section title overline without a matching underline', firstLine + i);
    }
    const directive = DIRECTIVE.exec(line);
    if (directive || COMMENT_OR_TARGET.test(line)) {
      const indent = indentOf(line);
      let end = i + 1;
      while (end < lines.length && (isBlank(lines[end]!) || indentOf(lines[end]!) > indent)) end++;
      while (end > i + 1 && isBlank(lines[end - 1]!)) end--;
      const name = directive?.[2]?.toLowerCase();
      const bodyLines = lines.slice(i + 1, end);
      // Options (":caption: …") sit at the top of a directive's body.
      let bodyStart = 0;
      while (bodyStart < bodyLines.length && /^\s*:[\w-]+:/.test(bodyLines[bodyStart]!)) bodyStart++;
      const dedent = (text: string): string => text.slice(Math.min(indentOf(text), indent + 3));
      if (name && ADMONITIONS.has(name)) {
        const label = name === 'admonition' ? rstInline(directive![3]!) : name.charAt(0).toUpperCase() + name.slice(1);
        const inline = name === 'admonition' ? '' : rstInline(directive![3]!);
        out[i] = `**${label}:** ${inline}`.trimEnd();
        bodyLines.forEach((text, offset) => {
          if (offset >= bodyStart) out[i + 1 + offset] = rstInline(dedent(text));
        });
      } else if (name && CODE_DIRECTIVES.has(name)) {
        out[i] = '```';
        bodyLines.forEach((text, offset) => {
          if (offset >= bodyStart) out[i + 1 + offset] = dedent(text);
        });
        i = closeFence(end);
        continue;
      } else if (name && KEEP_BODY_DIRECTIVES.has(name)) {
        bodyLines.forEach((text, offset) => {
          if (offset >= bodyStart) out[i + 1 + offset] = rstInline(dedent(text));
        });
      }
      i = end;
      continue;
    }
    // A paragraph ending in "::" introduces a literal (code) block.
    if (/::\s*$/.test(line)) {
      out[i] = rstInline(line.replace(/\s*::\s*$/, /\S::\s*$/.test(line) ? ':' : ''));
      let start = i + 1;
      while (start < lines.length && isBlank(lines[start]!)) start++;
      const indent = indentOf(line);
      if (start < lines.length && indentOf(lines[start]!) > indent) {
        let end = start;
        while (end < lines.length && (isBlank(lines[end]!) || indentOf(lines[end]!) > indent)) end++;
        while (end > start && isBlank(lines[end - 1]!)) end--;
        if (start > i + 1) {
          out[start - 1] = '```';
          for (let j = start; j < end; j++) out[j] = lines[j]!;
          i = closeFence(end);
          continue;
        }
      }
      i++;
      continue;
    }
    // Lists: "#." auto-numbered items read as numbered; bullets and numbers pass through.
    out[i] = rstInline(line.replace(/^(\s*)#\.\s/, '$11. ').replace(/^(\s*)•\s/, '$1- '));
    i++;
  }
  return { markdown: out.join('\n'), ...(title ? { title } : {}) };
}

export function loadRst(path: string, text: string): SourceDocument {
  const { frontMatter, foreignTitle, body, bodyStartLine } = splitFrontMatter(path, text);
  const { markdown, title } = rstToMarkdown(path, body, bodyStartLine);
  const blocks = parseMarkdownBlocks(markdown, bodyStartLine);
  return buildSourceDocument({ path, format: 'rst', frontMatter, contentTitle: foreignTitle ?? title, body: markdown.trim(), blocks });
}
