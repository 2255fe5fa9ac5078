/**
 * Passages grouped under their documents, documents in rank order: what `copilot search --k N` shows
 * (N distinct documents, each with its best passages). Hits arrive ordered by document score, then
 * by passage score within the document, so grouping keeps both orders.
 */
import type { KnowledgeHit } from './search-types.ts';

export interface DocumentHits {
  documentId: string;
  title: string;
  version: number;
  visibility: 'global' | 'tenant';
  passages: KnowledgeHit[];
}

export function groupByDocument(hits: readonly KnowledgeHit[], documents: number): DocumentHits[] {
  const groups = new Map<string, DocumentHits>();
  for (const hit of hits) {
    const key = `${hit.visibility}:${hit.documentId}`;
    let group = groups.get(key);
    if (!group) {
      if (groups.size >= documents) continue;
      group = { documentId: hit.documentId, title: hit.title, version: hit.version, visibility: hit.visibility, passages: [] };
      groups.set(key, group);
    }
    group.passages.push(hit);
  }
  return [...groups.values()];
}

/** Passages to ask for so that `documents` distinct documents with up to `perDocument` passages each can fill. */
export function passagesFor(documents: number, perDocument: number, limit = 50): number {
  return Math.min(limit, documents * perDocument);
}
