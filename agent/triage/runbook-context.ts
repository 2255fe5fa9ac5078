/**
 * Retrieval for triage: the runbook that governs an exception type, as the tenant sees it — its
 * front-matter (applies_to, the remediation `actions` in order of preference) and its sections with
 * citation refs. The triage run starts with it in context, so the agent follows the runbook's
 * structured remediation rather than whatever two passages a search happens to rank first.
 */
import type { Database } from '../../core/db/database.ts';
import { getDocument, listDocuments, resolveCitation, type KnowledgeDocumentSummary } from '../../retrieval/documents.ts';
import type { Citation } from '../../retrieval/citation.ts';
import type { RunbookConditions } from '../../retrieval/runbook-conditions.ts';

export interface RunbookSection {
  ref: string;
  headingPath: string[];
  text: string;
}

/** A tenant's own document that applies to the type: its rules take precedence over the runbook's. */
export interface TenantDocument {
  documentId: string;
  title: string;
  version: number;
  docType: string;
  sections: RunbookSection[];
}

export interface RunbookContext {
  documentId: string;
  title: string;
  version: number;
  docType: string;
  visibility: 'global' | 'tenant';
  appliesTo: string[];
  actions: string[];
  /** The thresholds and conditions its front-matter states: what the drafters apply. */
  conditions?: RunbookConditions;
  sections: RunbookSection[];
  /** The tenant's own documents for this type (contract terms, house rules), which take precedence. */
  tenantDocuments?: TenantDocument[];
}

const MAX_TENANT_DOCUMENTS = 2;
const MAX_SECTIONS = 14;
const MAX_SECTION_CHARS = 1600;

/**
 * The governing runbook: a runbook document that applies to the type, the most specific first (fewest
 * types), the global one before a tenant's (a tenant's pages add house rules to it and come along as
 * tenant documents), then by id for a stable choice. A tenant runbook governs where no global one applies.
 */
function governing(documents: readonly KnowledgeDocumentSummary[], type: string): KnowledgeDocumentSummary | undefined {
  return documents
    .filter((document) => document.appliesTo.includes(type))
    .sort(
      (a, b) =>
        Number(a.visibility === 'tenant') - Number(b.visibility === 'tenant') ||
        a.appliesTo.length - b.appliesTo.length ||
        a.documentId.localeCompare(b.documentId),
    )[0];
}

// Runbooks change rarely and every exception of a type reads the same one: keep it for a minute per
// tenant and type, so a worker draining a queue does not re-read the document for each exception.
const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; db: Database; runbook: RunbookContext | undefined }>();

export function clearRunbookCache(): void {
  cache.clear();
}

export async function retrieveRunbook(db: Database, tenantId: string, exceptionType: string): Promise<RunbookContext | undefined> {
  const key = `${tenantId}:${exceptionType}`;
  const cached = cache.get(key);
  if (cached && cached.db === db && Date.now() - cached.at < CACHE_MS) return cached.runbook;
  const runbook = await loadRunbook(db, tenantId, exceptionType);
  cache.set(key, { at: Date.now(), db, runbook });
  return runbook;
}

async function sectionsOf(
  db: Database,
  tenantId: string,
  documentId: string,
): Promise<{ document: Awaited<ReturnType<typeof getDocument>>; sections: RunbookSection[] }> {
  const document = await getDocument(db, tenantId, documentId);
  const sections: RunbookSection[] = [];
  for (const section of document.sections.slice(0, MAX_SECTIONS)) {
    const passage = await resolveCitation(db, tenantId, section.ref, document.version);
    if (!passage) continue;
    const text = passage.content.length > MAX_SECTION_CHARS ? `${passage.content.slice(0, MAX_SECTION_CHARS - 1)}…` : passage.content;
    sections.push({ ref: section.ref, headingPath: section.headingPath, text });
  }
  return { document, sections };
}

async function loadRunbook(db: Database, tenantId: string, exceptionType: string): Promise<RunbookContext | undefined> {
  const applying = await listDocuments(db, tenantId, { appliesTo: [exceptionType] });
  const summary = governing(
    applying.filter((document) => document.type === 'runbook'),
    exceptionType,
  );
  if (!summary) return undefined;
  const { document, sections } = await sectionsOf(db, tenantId, summary.documentId);
  const tenantDocuments: TenantDocument[] = [];
  for (const own of applying
    .filter((candidate) => candidate.visibility === 'tenant' && candidate.documentId !== summary.documentId)
    .slice(0, MAX_TENANT_DOCUMENTS)) {
    const read = await sectionsOf(db, tenantId, own.documentId);
    tenantDocuments.push({
      documentId: own.documentId,
      title: own.title,
      version: own.version,
      docType: own.type,
      sections: read.sections,
    });
  }
  return {
    documentId: document.documentId,
    title: document.title,
    version: document.version,
    docType: document.type,
    visibility: document.visibility,
    appliesTo: document.appliesTo,
    actions: document.actions,
    conditions: document.conditions,
    sections,
    ...(tenantDocuments.length ? { tenantDocuments } : {}),
  };
}

/** The sections as citations the run may cite (they were retrieved for it). */
export function runbookCitations(runbook: RunbookContext): Citation[] {
  const documents = [runbook, ...(runbook.tenantDocuments ?? [])];
  return documents.flatMap((document) =>
    document.sections.map((section) => ({
      ref: section.ref,
      title: document.title,
      documentId: document.documentId,
      version: document.version,
      headingPath: section.headingPath,
      excerpt: section.text.slice(0, 500),
    })),
  );
}
