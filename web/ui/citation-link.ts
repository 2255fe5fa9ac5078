/** Where a citation opens in the UI: the runbook passage (`/runbooks/<doc>?version=<n>#<section>`); tool citations have no page. */
import type { Citation } from '../../retrieval/citation.ts';

export function citationHref(citation: Citation): string | undefined {
  const [documentFromRef, section] = citation.ref.split('#');
  const documentId = citation.documentId ?? documentFromRef;
  if (!documentId || documentId.startsWith('tool:')) return undefined;
  const version = citation.version ? `?version=${citation.version}` : '';
  return `/runbooks/${encodeURIComponent(documentId)}${version}${section ? `#${encodeURIComponent(section)}` : ''}`;
}

export function citationLabel(citation: Citation): string {
  if (!citation.title) return citation.ref;
  return citation.headingPath?.length ? `${citation.title} › ${citation.headingPath.at(-1)}` : citation.title;
}
