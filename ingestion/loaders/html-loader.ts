/**
 * HTML pages (intranet wiki exports, vendor help pages): the main content only — navigation, page
 * header and footer, scripts, styles and forms are dropped — rendered as Markdown-like blocks that
 * keep their source line numbers. Metadata may come from <meta name="…"> tags (id, type, applies_to…).
 */
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Block, FrontMatter, SourceDocument, SourceFormat } from '../source-document.ts';
import { frontMatterSchema } from '../source-document.ts';
import { buildSourceDocument } from './document-defaults.ts';
import { IngestFileError } from './ingest-file-error.ts';

const NOISE =
  'nav, header, footer, script, style, noscript, template, aside, form, iframe, svg, button, [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true], [hidden]';
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const PARAGRAPHS = new Set(['p', 'blockquote', 'dt', 'dd', 'figcaption', 'address', 'summary']);

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

interface Location {
  startLine: number;
  endLine: number;
}
const locate = (node: AnyNode): Location => {
  const location = (node as { sourceCodeLocation?: Location | null }).sourceCodeLocation;
  return location ? { startLine: location.startLine, endLine: location.endLine } : { startLine: 1, endLine: 1 };
};

function tableText($: CheerioAPI, table: Element): string {
  const rows = $(table)
    .find('tr')
    .toArray()
    .map((row) =>
      $(row)
        .children('th, td')
        .toArray()
        .map((cell) => squash($(cell).text()).replace(/\|/g, '\\|')),
    );
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((row) => row.length));
  const line = (cells: string[]): string => `| ${[...cells, ...Array(width - cells.length).fill('')].join(' | ')} |`;
  return [line(rows[0]!), line(Array(width).fill('---')), ...rows.slice(1).map(line)].join('\n');
}

function htmlBlocks($: CheerioAPI, root: AnyNode): Block[] {
  const blocks: Block[] = [];
  const emit = (kind: Block['kind'], node: AnyNode, text: string, level?: number): void => {
    if (!text.trim()) return;
    const { startLine, endLine } = locate(node);
    blocks.push({ kind, text, lineStart: startLine, lineEnd: endLine, ...(level ? { level } : {}) });
  };
  let loose: { node: AnyNode; parts: string[] } | undefined;
  const flushLoose = (): void => {
    if (loose) emit('paragraph', loose.node, squash(loose.parts.join(' ')));
    loose = undefined;
  };

  const visit = (node: AnyNode): void => {
    if (node.type === 'text') {
      const text = (node as unknown as { data: string }).data;
      if (text.trim()) (loose ??= { node, parts: [] }).parts.push(text);
      return;
    }
    if (node.type !== 'tag') return;
    const element = node as Element;
    const name = element.name.toLowerCase();
    if (HEADINGS.has(name)) {
      flushLoose();
      emit('heading', element, squash($(element).text()), Number(name[1]));
    } else if (PARAGRAPHS.has(name)) {
      flushLoose();
      emit('paragraph', element, squash($(element).text()));
    } else if (name === 'li') {
      flushLoose();
      const ordered = element.parent && (element.parent as Element).name === 'ol';
      emit('list_item', element, `${ordered ? '1.' : '-'} ${squash($(element).text())}`);
    } else if (name === 'table') {
      flushLoose();
      emit('table', element, tableText($, element));
    } else if (name === 'pre') {
      flushLoose();
      emit('code', element, `\`\`\`\n${$(element).text().replace(/\n$/, '')}\n\`\`\``);
    } else if (name === 'br') {
      loose?.parts.push('\n');
    } else {
      const inline = ['a', 'span', 'strong', 'em', 'b', 'i', 'code', 'small', 'sup', 'sub', 'mark', 'abbr', 'time'].includes(name);
      if (!inline) flushLoose();
      for (const child of element.children) visit(child);
      if (!inline) flushLoose();
    }
  };
  visit(root);
  flushLoose();
  return blocks;
}

function metaFrontMatter($: CheerioAPI, path: string): FrontMatter | undefined {
  const meta = (name: string): string | undefined => $(`meta[name="${name}"]`).attr('content')?.trim() || undefined;
  const list = (name: string): string[] | undefined =>
    meta(name)
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const id = meta('id') ?? meta('doc-id');
  if (!id) return undefined;
  const raw = {
    id,
    title: meta('title') ?? (squash($('title').first().text()) || squash($('h1').first().text()) || id),
    type: meta('type'),
    applies_to: list('applies_to'),
    actions: list('actions'),
    systems: list('systems'),
    version: meta('version'),
    owner: meta('owner'),
    visibility: meta('visibility'),
  };
  const result = frontMatterSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new IngestFileError(path, `<meta name="${String(issue.path[0])}">: ${issue.message}`);
  }
  return result.data;
}

/** @param format what the HTML was made from (AsciiDoc and Word documents are converted to HTML first). */
export function loadHtml(path: string, html: string, format: SourceFormat = 'html'): SourceDocument {
  const $ = load(html, { sourceCodeLocationInfo: true });
  const frontMatter = metaFrontMatter($, path);
  const pageTitle = squash($('title').first().text()) || squash($('h1').first().text()) || undefined;
  $(NOISE).remove();
  const main = $('main, [role=main], article').first();
  const root = main.length ? main[0]! : ($('body')[0] ?? $.root()[0]!);
  const blocks = htmlBlocks($, root);
  const body = blocks
    .map((block) => (block.kind === 'heading' ? `${'#'.repeat(block.level ?? 1)} ${block.text}` : block.text))
    .join('\n\n');
  return buildSourceDocument({ path, format, frontMatter, contentTitle: pageTitle, body, blocks });
}
