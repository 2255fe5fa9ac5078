/**
 * PDF through unpdf (PDF.js): text per page. Each page becomes a section headed "Page N" so a
 * citation points at the page; line numbers count lines of the extracted text of the whole file.
 * Scanned PDFs without a text layer yield no text and are reported as empty.
 */
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import type { Block, SourceDocument } from '../source-document.ts';
import { buildSourceDocument } from './document-defaults.ts';
import { IngestFileError } from './ingest-file-error.ts';
import { textBlocks } from './text-loader.ts';

export async function loadPdf(path: string, bytes: Uint8Array): Promise<SourceDocument> {
  let pages: string[];
  let title: string | undefined;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { info } = await getMeta(pdf).catch(() => ({ info: {} as Record<string, unknown> }));
    title = typeof info.Title === 'string' && info.Title.trim() ? info.Title.trim() : undefined;
    pages = (await extractText(pdf, { mergePages: false })).text;
  } catch (error) {
    throw new IngestFileError(path, `not a readable PDF (${(error as Error).message})`);
  }
  const blocks: Block[] = [];
  let line = 1;
  pages.forEach((page, index) => {
    const text = page.replace(/\r\n?/g, '\n');
    if (text.trim()) {
      blocks.push({ kind: 'heading', level: 2, text: `Page ${index + 1}`, lineStart: line, lineEnd: line });
      blocks.push(...textBlocks(text, line));
    }
    line += text.split('\n').length;
  });
  const body = pages.map((page, index) => `## Page ${index + 1}\n\n${page.trim()}`).join('\n\n');
  const firstLine = pages
    .join('\n')
    .split('\n')
    .find((candidate) => candidate.trim())
    ?.trim();
  return buildSourceDocument({
    path,
    format: 'pdf',
    frontMatter: undefined,
    contentTitle: title ?? (firstLine && firstLine.length <= 120 ? firstLine : undefined),
    body,
    blocks: blocks.some((block) => block.kind !== 'heading') ? blocks : [],
  });
}
