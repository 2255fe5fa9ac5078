/**
 * Word documents (.docx) through mammoth, which maps Word's paragraph styles (Heading 1…6, lists,
 * tables) to HTML; the HTML loader reads that. The title is the document's first heading (or the file
 * name). mammoth is loaded on first use.
 */
import type { SourceDocument } from '../source-document.ts';
import { loadHtml } from './html-loader.ts';
import { IngestFileError } from './ingest-file-error.ts';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export async function loadDocx(path: string, bytes: Uint8Array): Promise<SourceDocument> {
  if (!ZIP_MAGIC.every((byte, index) => bytes[index] === byte))
    throw new IngestFileError(path, 'not a Word document (.docx is a zip archive)');
  const mammoth = await import('mammoth');
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    html = result.value;
  } catch (error) {
    throw new IngestFileError(path, `not a readable Word document (${(error as Error).message})`);
  }
  return loadHtml(path, `<html><body>${html}</body></html>`, 'docx');
}
