/**
 * Heading-aware chunking. A document is split into sections at its headings (each section keeps its
 * heading path and a slug unique within the document, which with the document id forms the citation
 * `doc-id#section-slug`); a section's blocks are packed into chunks of about `targetSize` characters.
 * Blocks are never cut unless one block alone is too long: a long table is split between rows (its
 * header repeated), a long list item or paragraph goes through LangChain's recursive splitter.
 */
import { createHash } from 'node:crypto';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { plainInline } from '../loaders/markdown-blocks.ts';
import { buildIndexText } from '../../retrieval/index-text.ts';
import type { Block, SourceDocument } from '../source-document.ts';

export interface ChunkOptions {
  /** Target chunk size in characters of content. */
  targetSize: number;
  /** Characters repeated from the end of one chunk at the start of the next within a section. */
  overlap: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { targetSize: 1000, overlap: 150 };

/** Bump when chunking changes so unchanged documents are re-chunked (their embeddings are reused by hash). */
export const CHUNKER_VERSION = 'headings-v1';

export interface DocumentChunk {
  ordinal: number;
  headingPath: string[];
  sectionSlug: string;
  lineStart: number;
  lineEnd: number;
  content: string;
  /** Title + heading path + content: what is embedded, so a section keeps its context. */
  indexText: string;
  contentHash: string;
}

interface Unit {
  kind: Block['kind'];
  text: string;
  lineStart: number;
  lineEnd: number;
}

interface Section {
  headingPath: string[];
  slug: string;
  units: Unit[];
}

export function slugify(text: string): string {
  return (
    plainInline(text)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'section'
  );
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function splitSections(document: SourceDocument): Section[] {
  const sections: Section[] = [];
  const stack: Array<{ level: number; text: string }> = [];
  const usedSlugs = new Map<string, number>();
  const uniqueSlug = (base: string): string => {
    const count = usedSlugs.get(base) ?? 0;
    usedSlugs.set(base, count + 1);
    return count === 0 ? base : `${base}-${count + 1}`;
  };
  let current: Section = { headingPath: [], slug: '', units: [] };
  for (const block of document.blocks) {
    if (block.kind === 'heading') {
      if (current.units.length) sections.push(current);
      const level = block.level ?? 1;
      while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push({ level, text: plainInline(block.text) });
      current = { headingPath: stack.map((entry) => entry.text), slug: uniqueSlug(slugify(block.text)), units: [] };
      continue;
    }
    if (!current.slug) current.slug = uniqueSlug('top');
    current.units.push({ kind: block.kind, text: block.text, lineStart: block.lineStart, lineEnd: block.lineEnd });
  }
  if (current.units.length) sections.push(current);
  return sections;
}

/** A table too long for one chunk, as row groups that each repeat the header and separator. */
function splitTable(unit: Unit, maxSize: number): Unit[] {
  const rows = unit.text.split('\n');
  const header = rows.slice(0, /^\|[\s:|-]+\|$/.test(rows[1] ?? '') ? 2 : 1);
  const pieces: Unit[] = [];
  let body: string[] = [];
  const flush = (): void => {
    if (body.length)
      pieces.push({ kind: 'table', text: [...header, ...body].join('\n'), lineStart: unit.lineStart, lineEnd: unit.lineEnd });
    body = [];
  };
  for (const row of rows.slice(header.length)) {
    if (body.length && [...header, ...body, row].join('\n').length > maxSize) flush();
    body.push(row);
  }
  flush();
  return pieces;
}

async function splitLong(unit: Unit, options: ChunkOptions, splitter: RecursiveCharacterTextSplitter): Promise<Unit[]> {
  if (unit.text.length <= options.targetSize * 1.5) return [unit];
  if (unit.kind === 'table') return splitTable(unit, options.targetSize);
  const parts = await splitter.splitText(unit.text);
  return parts.map((text) => ({ kind: unit.kind, text, lineStart: unit.lineStart, lineEnd: unit.lineEnd }));
}

export async function chunkDocument(document: SourceDocument, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Promise<DocumentChunk[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.targetSize,
    chunkOverlap: Math.min(options.overlap, Math.floor(options.targetSize / 2)),
  });
  const chunks: DocumentChunk[] = [];

  for (const section of splitSections(document)) {
    const units: Unit[] = [];
    for (const unit of section.units) units.push(...(await splitLong(unit, options, splitter)));

    let packed: Unit[] = [];
    const size = (list: Unit[]): number => list.reduce((total, unit) => total + unit.text.length + 2, 0);
    const emit = (): void => {
      // Consecutive list items stay a list; other blocks keep a blank line between them.
      const content = packed
        .map(
          (unit, index) =>
            (index === 0 ? '' : unit.kind === 'list_item' && packed[index - 1]!.kind === 'list_item' ? '\n' : '\n\n') + unit.text,
        )
        .join('');
      const indexText = buildIndexText(document.title, section.headingPath, content);
      chunks.push({
        ordinal: chunks.length,
        headingPath: section.headingPath,
        sectionSlug: section.slug,
        lineStart: Math.min(...packed.map((unit) => unit.lineStart)),
        lineEnd: Math.max(...packed.map((unit) => unit.lineEnd)),
        content,
        indexText,
        contentHash: sha256(indexText),
      });
    };
    let fresh = 0; // units in `packed` not yet emitted (the rest is overlap carried from the last chunk)
    for (const unit of units) {
      if (fresh > 0 && size(packed) + unit.text.length > options.targetSize) {
        emit();
        // Carry whole trailing units that fit in the overlap budget, never half a row or item.
        const carried: Unit[] = [];
        for (let i = packed.length - 1; i >= 0; i--) {
          if (size([packed[i]!, ...carried]) > options.overlap) break;
          carried.unshift(packed[i]!);
        }
        packed = carried;
        fresh = 0;
      }
      packed.push(unit);
      fresh++;
    }
    if (fresh > 0) emit();
  }
  return chunks;
}
