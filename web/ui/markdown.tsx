/**
 * A small, safe Markdown renderer for runbooks (headings, paragraphs, lists, tables, code, quotes;
 * inline code, bold, italic and links). Text is always escaped by JSX; links are kept only when they
 * point to http(s), this site or an anchor. Each heading opens a <section> whose id is the citation's
 * section slug, so `#slug` lands on (and :target highlights) the cited passage.
 */
import type { Child } from 'hono/jsx';
import { UNDERSCORE_EMPHASIS } from '../../retrieval/markdown-emphasis.ts';

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'rule' };

const splitRow = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());

export function parseBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === '') {
      index++;
      continue;
    }
    if (line.startsWith('```')) {
      const code: string[] = [];
      index++;
      while (index < lines.length && !lines[index]!.startsWith('```')) code.push(lines[index++]!);
      index++;
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]!.trim() });
      index++;
      continue;
    }
    if (/^(-{3,}|\*{3,})\s*$/.test(line)) {
      blocks.push({ kind: 'rule' });
      index++;
      continue;
    }
    if (line.trim().startsWith('|') && /^\s*\|?[\s:-]+\|/.test(lines[index + 1] ?? '')) {
      const header = splitRow(line);
      index += 2;
      const rows: string[][] = [];
      while (index < lines.length && lines[index]!.trim().startsWith('|')) rows.push(splitRow(lines[index++]!));
      blocks.push({ kind: 'table', header, rows });
      continue;
    }
    const listItem = /^\s*([-*+]|\d+[.)])\s+(.*)$/;
    if (listItem.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      while (index < lines.length && lines[index]!.trim() !== '') {
        const match = listItem.exec(lines[index]!);
        if (match) items.push(match[2]!);
        else if (items.length) items[items.length - 1] += ` ${lines[index]!.trim()}`;
        index++;
      }
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    if (line.startsWith('>')) {
      const quote: string[] = [];
      while (index < lines.length && lines[index]!.startsWith('>')) quote.push(lines[index++]!.replace(/^>\s?/, ''));
      blocks.push({ kind: 'quote', text: quote.join(' ') });
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length && lines[index]!.trim() !== '' && !/^(#{1,6}\s|```|\s*\|)/.test(lines[index]!))
      paragraph.push(lines[index++]!.trim());
    if (paragraph.length === 0) paragraph.push(lines[index++]!.trim());
    blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
  }
  return blocks;
}

// Site-relative paths only: browsers read "/\evil.example" like "//evil.example", so neither slash nor backslash may follow.
const SAFE_HREF = /^(https?:\/\/|\/(?![/\\])|#)/;
// Underscores emphasise only at word edges (CommonMark), so snake_case identifiers in runbooks render whole.
const TICK = '`';
const INLINE = new RegExp(
  String.raw`(${TICK}[^${TICK}]+${TICK})|(\*\*[^*]+\*\*)|(\[[^\]]+\]\([^)\s]+\))|(\*[^*\s][^*]*\*)|(${UNDERSCORE_EMPHASIS})`,
  'u',
);

export function renderInline(text: string): Child[] {
  const parts: Child[] = [];
  let rest = text;
  for (let match = INLINE.exec(rest); match; match = INLINE.exec(rest)) {
    if (match.index > 0) parts.push(rest.slice(0, match.index));
    const token = match[0];
    if (match[1]) parts.push(<code>{token.slice(1, -1)}</code>);
    else if (match[2]) parts.push(<strong>{renderInline(token.slice(2, -2))}</strong>);
    else if (match[3]) {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token)!;
      parts.push(SAFE_HREF.test(link[2]!) ? <a href={link[2]}>{renderInline(link[1]!)}</a> : link[1]!);
    } else parts.push(<em>{renderInline(token.slice(1, -1))}</em>);
    rest = rest.slice(match.index + token.length);
  }
  if (rest) parts.push(rest);
  return parts;
}

function renderBlock(block: Block): Child {
  switch (block.kind) {
    case 'heading': {
      // The document title is the page's h1; headings inside start one level lower.
      const level = Math.min(6, block.level + 1);
      const content = renderInline(block.text);
      return level === 2 ? <h2>{content}</h2> : level === 3 ? <h3>{content}</h3> : level === 4 ? <h4>{content}</h4> : <h5>{content}</h5>;
    }
    case 'paragraph':
      return <p>{renderInline(block.text)}</p>;
    case 'list':
      return block.ordered ? (
        <ol>
          {block.items.map((item) => (
            <li>{renderInline(item)}</li>
          ))}
        </ol>
      ) : (
        <ul>
          {block.items.map((item) => (
            <li>{renderInline(item)}</li>
          ))}
        </ul>
      );
    case 'code':
      return (
        <pre>
          <code>{block.text}</code>
        </pre>
      );
    case 'quote':
      return <blockquote>{renderInline(block.text)}</blockquote>;
    case 'rule':
      return <hr />;
    case 'table':
      return (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                {block.header.map((cell) => (
                  <th scope="col">{renderInline(cell)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row) => (
                <tr>
                  {row.map((cell) => (
                    <td>{renderInline(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

/** Fallback slug when a heading matches no indexed section (same shape as the index's slugs). */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export interface MarkdownSection {
  slug: string;
  headingPath: string[];
}

export function Markdown({ source, sections }: { source: string; sections: MarkdownSection[] }) {
  const blocks = parseBlocks(source);
  const unused = [...sections];
  const groups: Array<{ id?: string; blocks: Block[] }> = [{ blocks: [] }];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      const position = unused.findIndex((section) => section.headingPath.at(-1) === block.text);
      const id = position >= 0 ? unused.splice(position, 1)[0]!.slug : slugify(block.text);
      // A level-1 heading is the document's title, which the page already shows as its h1.
      groups.push({ id, blocks: block.level === 1 ? [] : [block] });
    } else groups.at(-1)!.blocks.push(block);
  }
  return (
    <div class="runbook-body">
      {groups.map((group) =>
        group.id ? (
          <section id={group.id} tabindex={-1}>
            {group.blocks.map(renderBlock)}
          </section>
        ) : (
          group.blocks.map(renderBlock)
        ),
      )}
    </div>
  );
}
