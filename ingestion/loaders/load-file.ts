/**
 * Reads one file and hands it to the loader for its extension, after the checks every format
 * shares: supported extension, size limit (checked before reading, so a 50 MB file is never loaded),
 * not empty, and for text formats valid UTF-8 without NUL bytes (a binary renamed `.md` is refused).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative } from 'node:path';
import { unsafeTextIssues } from '../../core/text/safe-text.ts';
import { DOCUMENT_ID_PATTERN, type SourceDocument, type SourceFormat } from '../source-document.ts';
import { idFromRelativePath } from './document-defaults.ts';
import { loadAsciidoc } from './asciidoc-loader.ts';
import { loadDocx } from './docx-loader.ts';
import { loadHtml } from './html-loader.ts';
import { IngestFileError } from './ingest-file-error.ts';
import { loadMarkdown } from './markdown-loader.ts';
import { loadMdx } from './mdx-loader.ts';
import { loadPdf } from './pdf-loader.ts';
import { loadRst } from './rst-loader.ts';
import { loadText } from './text-loader.ts';

export const FORMAT_BY_EXTENSION: Readonly<Record<string, SourceFormat>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'mdx',
  '.rst': 'rst',
  '.adoc': 'asciidoc',
  '.asciidoc': 'asciidoc',
  '.docx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
  '.text': 'text',
  '.pdf': 'pdf',
};

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export function formatOf(path: string): SourceFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
}

const formatMb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function decodeText(path: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new IngestFileError(path, 'binary content (NUL bytes) in a text file');
  try {
    return new TextDecoder('utf-8', { fatal: true })
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n');
  } catch {
    throw new IngestFileError(path, 'not valid UTF-8 text (binary file or another encoding)');
  }
}

/**
 * The text rule (core/text/safe-text.ts) on what a loader produced: escapes in front-matter ("\0",
 * "\ud800") and PDF text can yield characters PostgreSQL cannot store, whatever the bytes looked like.
 */
function checkedText(path: string, document: SourceDocument): SourceDocument {
  const [issue] = unsafeTextIssues(document);
  if (issue) throw new IngestFileError(path, `${issue.path}: ${issue.message}`);
  return document;
}

export interface LoadFileOptions {
  maxBytes?: number;
  /** The directory the file was found under: a nested file's id is its path below it. */
  root?: string;
}

export async function loadFile(path: string, options: LoadFileOptions = {}): Promise<SourceDocument> {
  const document = checkedText(path, await loadByFormat(path, options));
  if (!document.idFromPath || !options.root) return document;
  const below = relative(options.root, path);
  if (!below || below.startsWith('..') || isAbsolute(below) || !/[\\/]/.test(below)) return document;
  const id = idFromRelativePath(below);
  return DOCUMENT_ID_PATTERN.test(id) ? { ...document, id } : document;
}

async function loadByFormat(path: string, options: LoadFileOptions): Promise<SourceDocument> {
  const format = formatOf(path);
  if (!format) {
    throw new IngestFileError(
      path,
      `unsupported file type "${extname(path) || '(none)'}" (supported: ${Object.keys(FORMAT_BY_EXTENSION).join(', ')})`,
    );
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new IngestFileError(path, 'not a regular file');
    size = info.size;
  } catch (error) {
    if (error instanceof IngestFileError) throw error;
    throw new IngestFileError(path, `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (size > maxBytes) throw new IngestFileError(path, `file is ${formatMb(size)}, over the ${formatMb(maxBytes)} limit`);
  if (size === 0) throw new IngestFileError(path, 'empty file');

  const bytes = new Uint8Array(await readFile(path));
  if (format === 'pdf') {
    if (new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).indexOf('%PDF-') < 0) {
      throw new IngestFileError(path, 'not a PDF (missing %PDF- header)');
    }
    return loadPdf(path, bytes);
  }
  if (format === 'docx') return loadDocx(path, bytes);
  const text = decodeText(path, bytes);
  if (text.trim() === '') throw new IngestFileError(path, 'empty file (only whitespace)');
  if (format === 'markdown') return loadMarkdown(path, text);
  if (format === 'mdx') return loadMdx(path, text);
  if (format === 'rst') return loadRst(path, text);
  if (format === 'asciidoc') return loadAsciidoc(path, text);
  if (format === 'html') return loadHtml(path, text);
  return loadText(path, text);
}
