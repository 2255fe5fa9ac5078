/** A list of citations linking to the runbook passages they name. */
import type { Citation } from '../../../retrieval/citation.ts';
import { citationHref, citationLabel } from '../citation-link.ts';

export function CitationList({ citations }: { citations: Citation[] }) {
  if (citations.length === 0) return <p class="muted">No citations.</p>;
  return (
    <ol class="citations">
      {citations.map((citation) => {
        const href = citationHref(citation);
        return (
          <li>
            {href ? <a href={href}>{citationLabel(citation)}</a> : <code>{citation.ref}</code>}
            {citation.version ? <span class="muted"> (v{citation.version})</span> : null}
            {citation.excerpt ? <div class="muted">“{citation.excerpt}”</div> : null}
          </li>
        );
      })}
    </ol>
  );
}
