import { describe, expect, it } from 'vitest';
import { parseMarkdownBlocks } from '../loaders/markdown-blocks.ts';
import type { SourceDocument } from '../source-document.ts';
import { chunkDocument, slugify } from './chunk-document.ts';

const documentOf = (markdown: string): SourceDocument => ({
  id: 'rb-sample',
  title: 'Sample runbook',
  type: 'runbook',
  appliesTo: [],
  actions: [],
  systems: [],
  sourcePath: 'sample.md',
  format: 'markdown',
  body: markdown,
  blocks: parseMarkdownBlocks(markdown),
});

describe('chunkDocument', () => {
  it('splits at headings and keeps heading path, unique slug and line range', async () => {
    const chunks = await chunkDocument(
      documentOf(
        [
          '# Sample runbook',
          'Intro.',
          '## Check first',
          '- one',
          '- two',
          '### Pitfalls',
          'Careful.',
          '## Escalation',
          '### Pitfalls',
          'Again.',
        ].join('\n'),
      ),
    );
    expect(chunks.map((chunk) => [chunk.sectionSlug, chunk.headingPath, chunk.lineStart, chunk.lineEnd])).toEqual([
      ['sample-runbook', ['Sample runbook'], 2, 2],
      ['check-first', ['Sample runbook', 'Check first'], 4, 5],
      ['pitfalls', ['Sample runbook', 'Check first', 'Pitfalls'], 7, 7],
      ['pitfalls-2', ['Sample runbook', 'Escalation', 'Pitfalls'], 10, 10],
    ]);
    expect(chunks[1]!.content).toBe('- one\n- two');
    // Title once (the H1 repeats it), then the rest of the heading path, then the content.
    expect(chunks[2]!.indexText).toBe('Sample runbook\nCheck first > Pitfalls\n\nCareful.');
    expect(new Set(chunks.map((chunk) => chunk.contentHash)).size).toBe(4);
  });

  it('files text before the first heading under "top"', async () => {
    const chunks = await chunkDocument(documentOf('Loose text.\n\n## Later\nMore.'));
    expect(chunks.map((chunk) => chunk.sectionSlug)).toEqual(['top', 'later']);
    expect(chunks[0]!.headingPath).toEqual([]);
  });

  it('packs blocks up to the target size without cutting list items, and overlaps whole blocks', async () => {
    const items = Array.from({ length: 12 }, (_, i) => `- Step ${i + 1}: ${'check the allocation and the pick face '.repeat(2).trim()}`);
    const chunks = await chunkDocument(documentOf(['## Steps', ...items].join('\n')), { targetSize: 300, overlap: 100 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.content.length).toBeLessThanOrEqual(300);
      for (const line of chunk.content.split('\n')) expect(items).toContain(line);
    }
    // The last item of one chunk opens the next (overlap of one whole item).
    const firstLines = chunks[1]!.content.split('\n');
    expect(chunks[0]!.content.endsWith(firstLines[0]!)).toBe(true);
    expect(chunks.every((chunk) => chunk.sectionSlug === 'steps')).toBe(true);
  });

  it('splits a long table between rows, repeating its header', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `| SKU-${i} | ${i * 3} units | node ${i % 4} |`);
    const table = ['| SKU | Quantity | Node |', '|---|---|---|', ...rows].join('\n');
    const chunks = await chunkDocument(documentOf(`## Stock\n${table}`), { targetSize: 400, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(2);
    const seen: string[] = [];
    for (const chunk of chunks) {
      const lines = chunk.content.split('\n');
      expect(lines.slice(0, 2)).toEqual(['| SKU | Quantity | Node |', '|---|---|---|']);
      for (const line of lines.slice(2)) expect(rows).toContain(line);
      seen.push(...lines.slice(2));
    }
    expect(seen).toEqual(rows);
  });

  it('splits an over-long paragraph with the recursive splitter', async () => {
    const sentence = 'Reconcile the payout against the settlement report before closing the period. ';
    const chunks = await chunkDocument(documentOf(`## Settlement\n${sentence.repeat(40)}`), { targetSize: 500, overlap: 50 });
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.every((chunk) => chunk.content.length <= 500 && chunk.lineStart === 2)).toBe(true);
  });

  it('slugifies headings for citations', () => {
    expect(slugify('1. Reallocate the order line (`reallocate_order_line`)')).toBe('1-reallocate-the-order-line-reallocate-order-line');
    expect(slugify('Qué hacer — ¡ya!')).toBe('que-hacer-ya');
    expect(slugify('***')).toBe('section');
  });
});
