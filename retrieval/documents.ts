/**
 * Reading the knowledge index by document rather than by query: the runbook browser and MCP
 * resources list and open documents, and citation checks resolve `doc-id#section-slug` (optionally at
 * an old version) to the passage it names. Always inside the tenant's scope; without a tenant, only
 * global documents.
 */
import type { Database, Tx } from '../core/db/database.ts';
import { asOperator, withTenant } from '../core/db/tenant-scope.ts';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import { storedConditions, type RunbookConditions } from './runbook-conditions.ts';
import { excerptOf } from './search/excerpt.ts';

export interface KnowledgeDocumentSummary {
  documentId: string;
  title: string;
  type: string;
  appliesTo: string[];
  actions: string[];
  systems: string[];
  /** The thresholds and conditions its front-matter states ({} when none). */
  conditions: RunbookConditions;
  owner: string | null;
  version: number;
  visibility: 'global' | 'tenant';
  sourcePath: string;
  ingestedAt: Date;
}

export interface KnowledgeSection {
  slug: string;
  ref: string;
  headingPath: string[];
  lineStart: number;
  lineEnd: number;
}

export interface KnowledgeDocument extends KnowledgeDocumentSummary {
  /** The document's text (Markdown, or a Markdown rendering of HTML/PDF). */
  body: string;
  /** False for a superseded or retired version. */
  current: boolean;
  /** Every stored version of this document, ascending. */
  versions: number[];
  sections: KnowledgeSection[];
}

export interface ResolvedCitation {
  ref: string;
  documentId: string;
  version: number;
  current: boolean;
  title: string;
  headingPath: string[];
  sectionSlug: string;
  lineStart: number;
  lineEnd: number;
  /** The whole section's text. */
  content: string;
  excerpt: string;
}

const inScope = <T>(db: Database, tenantId: string | undefined, fn: (tx: Tx, globalOnly: boolean) => Promise<T>): Promise<T> =>
  tenantId ? withTenant(db, tenantId, (tx) => fn(tx, false)) : asOperator(db, (tx) => fn(tx, true));

interface DocumentRow {
  key: number;
  document_id: string;
  title: string;
  doc_type: string;
  applies_to: string[];
  actions: string[];
  systems: string[];
  conditions: unknown;
  owner: string | null;
  version: number;
  tenant_id: string | null;
  source_path: string;
  ingested_at: Date;
  is_current: boolean;
}

const DOCUMENT_COLUMNS =
  'key, document_id, title, doc_type, applies_to, actions, systems, conditions, owner, version, tenant_id, source_path, ingested_at, is_current';

const toSummary = (row: DocumentRow): KnowledgeDocumentSummary => ({
  documentId: row.document_id,
  title: row.title,
  type: row.doc_type,
  appliesTo: row.applies_to,
  actions: row.actions,
  systems: row.systems,
  conditions: storedConditions(row.conditions),
  owner: row.owner,
  version: row.version,
  visibility: row.tenant_id ? 'tenant' : 'global',
  sourcePath: row.source_path,
  ingestedAt: row.ingested_at,
});

/** Current documents the tenant can see (global ones plus its own), by id. */
export async function listDocuments(
  db: Database,
  tenantId: string | undefined,
  filters: { types?: string[]; appliesTo?: string[] } = {},
): Promise<KnowledgeDocumentSummary[]> {
  return inScope(db, tenantId, async (tx, globalOnly) => {
    const result = await tx.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM knowledge_documents
       WHERE is_current ${globalOnly ? 'AND tenant_id IS NULL' : ''}
         AND ($1::text[] IS NULL OR doc_type = ANY($1)) AND ($2::text[] IS NULL OR applies_to && $2)
       ORDER BY document_id`,
      [filters.types?.length ? filters.types : null, filters.appliesTo?.length ? filters.appliesTo : null],
    );
    return result.rows.map(toSummary);
  });
}

/** The latest version a scope can see: the current one, or for a retired document its last one. */
async function findVersionRow(tx: Tx, globalOnly: boolean, documentId: string, version?: number): Promise<DocumentRow | undefined> {
  const result = await tx.query<DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM knowledge_documents
     WHERE document_id = $1 ${globalOnly ? 'AND tenant_id IS NULL' : ''} AND ($2::int IS NULL OR version = $2)
     ORDER BY is_current DESC, version DESC LIMIT 1`,
    [documentId, version ?? null],
  );
  return result.rows[0];
}

/** One document (current version unless `version` is given) with its text and section outline. */
export async function getDocument(
  db: Database,
  tenantId: string | undefined,
  documentId: string,
  version?: number,
): Promise<KnowledgeDocument> {
  return inScope(db, tenantId, async (tx, globalOnly) => {
    const row = await findVersionRow(tx, globalOnly, documentId, version);
    if (!row) throw new NotFoundError('document', version ? `${documentId} version ${version}` : documentId);
    const body = await tx.query<{ body: string }>('SELECT body FROM knowledge_documents WHERE key = $1', [row.key]);
    const versions = await tx.query<{ version: number }>(
      `SELECT version FROM knowledge_documents WHERE document_id = $1 AND ${row.tenant_id ? 'tenant_id = $2::uuid' : 'tenant_id IS NULL'} ORDER BY version`,
      row.tenant_id ? [documentId, row.tenant_id] : [documentId],
    );
    // One row per section (its first chunk), spanning the lines of all its chunks.
    const sections = await tx.query<{
      section_slug: string;
      citation: string;
      heading_path: string[];
      line_start: number;
      line_end: number;
    }>(
      `SELECT section_slug, citation, heading_path, line_start, line_end FROM (
         SELECT section_slug, citation, heading_path, ordinal,
                min(line_start) OVER section AS line_start, max(line_end) OVER section AS line_end,
                row_number() OVER (PARTITION BY section_slug ORDER BY ordinal) AS position
         FROM knowledge_chunks WHERE document_key = $1
         WINDOW section AS (PARTITION BY section_slug)) AS chunk
       WHERE position = 1 ORDER BY ordinal`,
      [row.key],
    );
    return {
      ...toSummary(row),
      body: body.rows[0]!.body,
      current: row.is_current,
      versions: versions.rows.map((entry) => entry.version),
      sections: sections.rows.map((section) => ({
        slug: section.section_slug,
        ref: section.citation,
        headingPath: section.heading_path,
        lineStart: section.line_start,
        lineEnd: section.line_end,
      })),
    };
  });
}

/** Joins a section's chunks, dropping the overlap each chunk repeats from the previous one. */
export function joinChunks(contents: readonly string[]): string {
  let text = contents[0] ?? '';
  for (const next of contents.slice(1)) {
    let overlap = 0;
    for (let length = Math.min(text.length, next.length); length > 0; length--) {
      if (text.endsWith(next.slice(0, length)) && (length === next.length || /\s/.test(next[length]!))) {
        overlap = length;
        break;
      }
    }
    text += overlap ? next.slice(overlap) : `\n\n${next}`;
  }
  return text;
}

/** Parses `doc-id#section-slug`. */
export function parseCitationRef(ref: string): { documentId: string; sectionSlug: string } {
  const match = /^([a-z0-9][a-z0-9._-]{0,127})#([a-z0-9][a-z0-9-]*)$/.exec(ref.trim());
  if (!match) throw new ValidationError(`citation ${JSON.stringify(ref)} is not of the form doc-id#section-slug`);
  return { documentId: match[1]!, sectionSlug: match[2]! };
}

/**
 * The passage a citation names, as the tenant can see it: at `version` when given (old transcripts),
 * else the current version (or the last one of a retired document). Undefined when it does not exist.
 */
export async function resolveCitation(
  db: Database,
  tenantId: string | undefined,
  ref: string,
  version?: number,
): Promise<ResolvedCitation | undefined> {
  const { documentId, sectionSlug } = parseCitationRef(ref);
  return inScope(db, tenantId, async (tx, globalOnly) => {
    const row = await findVersionRow(tx, globalOnly, documentId, version);
    if (!row) return undefined;
    const chunks = await tx.query<{ heading_path: string[]; line_start: number; line_end: number; content: string }>(
      'SELECT heading_path, line_start, line_end, content FROM knowledge_chunks WHERE document_key = $1 AND section_slug = $2 ORDER BY ordinal',
      [row.key, sectionSlug],
      { prepare: 'everywhere' },
    );
    if (chunks.rows.length === 0) return undefined;
    const content = joinChunks(chunks.rows.map((chunk) => chunk.content));
    return {
      ref: `${documentId}#${sectionSlug}`,
      documentId,
      version: row.version,
      current: row.is_current,
      title: row.title,
      headingPath: chunks.rows[0]!.heading_path,
      sectionSlug,
      lineStart: Math.min(...chunks.rows.map((chunk) => chunk.line_start)),
      lineEnd: Math.max(...chunks.rows.map((chunk) => chunk.line_end)),
      content,
      excerpt: excerptOf(content),
    };
  });
}

export interface PrivateDocumentHash {
  documentId: string;
  version: number;
  contentHash: string;
  sourcePath: string;
}

/** The tenant's own current documents (not the global ones) with their content hashes, to compare with a source. */
export async function listPrivateDocumentHashes(db: Database, tenantId: string): Promise<PrivateDocumentHash[]> {
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<{ document_id: string; version: number; content_hash: string; source_path: string }>(
      `SELECT document_id, version, content_hash, source_path FROM knowledge_documents
       WHERE is_current AND tenant_id = $1::uuid ORDER BY document_id`,
      [tenantId],
    );
    return result.rows.map((row) => ({
      documentId: row.document_id,
      version: row.version,
      contentHash: row.content_hash,
      sourcePath: row.source_path,
    }));
  });
}
