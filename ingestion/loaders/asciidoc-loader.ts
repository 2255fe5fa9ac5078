/**
 * AsciiDoc through Asciidoctor.js (@asciidoctor/core), converted to HTML in secure mode (no includes,
 * no file or network access) and read by the HTML loader; the document title is AsciiDoc's own
 * (`= Title`). Asciidoctor is loaded on first use: most runs never see an .adoc file.
 */
import type { SourceDocument } from '../source-document.ts';
import { loadHtml } from './html-loader.ts';
import { IngestFileError } from './ingest-file-error.ts';

export async function loadAsciidoc(path: string, text: string): Promise<SourceDocument> {
  const asciidoctor = await import('@asciidoctor/core');
  const logger = asciidoctor.MemoryLogger.create();
  asciidoctor.LoggerManager.setLogger(logger);
  let html: string;
  let title: string | undefined;
  try {
    const document = await asciidoctor.load(text, { safe: 'secure', sourcemap: true, attributes: { showtitle: true, 'toc!': '' } });
    const raw = document.getDocumentTitle({ sanitize: true });
    title = typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
    html = String(await document.convert());
  } catch (error) {
    throw new IngestFileError(path, `not valid AsciiDoc (${(error as Error).message})`);
  }
  // Asciidoctor recovers from most mistakes but logs them; an error, or an unterminated block that
  // swallowed the rest of the file, means the text is not what the author meant: skip the file whole.
  const failure = logger
    .getMessages()
    .find((message) => ['ERROR', 'FATAL'].includes(String(message.getSeverity())) || /unterminated/.test(message.getText()));
  if (failure) {
    const location = failure.getSourceLocation();
    throw new IngestFileError(path, `malformed AsciiDoc: ${failure.getText()}`, location?.getLineNumber());
  }
  const document = loadHtml(
    path,
    `<html><head>${title ? `<title>${escapeHtml(title)}</title>` : ''}</head><body>${html}</body></html>`,
    'asciidoc',
  );
  return document;
}

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
