/** Builds a SourceDocument from optional front-matter plus what the file itself says (title, name). */
import { basename, extname } from 'node:path';
import type { Block, FrontMatter, SourceDocument, SourceFormat } from '../source-document.ts';
import { DOCUMENT_ID_PATTERN } from '../source-document.ts';
import { IngestFileError } from './ingest-file-error.ts';

/** A file name turned into a document id: "Returns Policy (v2).md" -> "returns-policy-v2". */
export function idFromFileName(path: string): string {
  return basename(path, extname(path))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, 128);
}

/**
 * The id of a file found under a directory: its path below that directory, so docs trees where every
 * page is `page.mdx` or `index.rst` get distinct ids ("orders/returns/page.mdx" -> "orders-returns-page").
 * Files directly in the directory keep their file-name id.
 */
export function idFromRelativePath(relativePath: string): string {
  const parts = relativePath.split(/[\\/]+/).filter(Boolean);
  const last = parts.pop() ?? '';
  return [...parts, basename(last, extname(last))]
    .join('-')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(-128)
    .replace(/^[-._]+/, '');
}

export interface DocumentParts {
  path: string;
  format: SourceFormat;
  frontMatter: FrontMatter | undefined;
  /** Title found in the content (first H1, <title>, first line) when front-matter has none. */
  contentTitle: string | undefined;
  body: string;
  blocks: Block[];
}

export function buildSourceDocument(parts: DocumentParts): SourceDocument {
  const { path, frontMatter } = parts;
  if (!parts.blocks.some((block) => block.text.trim().length > 0)) {
    throw new IngestFileError(path, 'no text content (empty file or only front-matter)');
  }
  const id = frontMatter?.id ?? idFromFileName(path);
  if (!DOCUMENT_ID_PATTERN.test(id)) {
    throw new IngestFileError(path, `cannot derive a document id from the file name; add front-matter with an id`);
  }
  return {
    id,
    ...(frontMatter?.id ? {} : { idFromPath: true }),
    title: frontMatter?.title ?? parts.contentTitle ?? basename(path, extname(path)),
    type: frontMatter?.type ?? 'document',
    appliesTo: frontMatter?.applies_to ?? [],
    actions: frontMatter?.actions ?? [],
    systems: frontMatter?.systems ?? [],
    // Only when stated, so a document without conditions keeps its content hash (no needless re-ingest).
    ...(frontMatter?.conditions && Object.keys(frontMatter.conditions).length ? { conditions: frontMatter.conditions } : {}),
    ...(frontMatter?.owner ? { owner: frontMatter.owner } : {}),
    ...(frontMatter?.version ? { declaredVersion: frontMatter.version } : {}),
    ...(frontMatter?.visibility ? { visibility: frontMatter.visibility } : {}),
    sourcePath: path,
    format: parts.format,
    body: parts.body,
    blocks: parts.blocks,
  };
}
