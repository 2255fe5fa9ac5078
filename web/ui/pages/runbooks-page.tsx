/** Runbooks: browse by type, search passages, read one document (a version) with its sections addressable by citation. */
import type { Principal } from '../../../core/identity/roles.ts';
import type { KnowledgeDocument, KnowledgeDocumentSummary, KnowledgeHit } from '../../../retrieval/index.ts';
import { citationHref } from '../citation-link.ts';
import { formatDateTime } from '../format.ts';
import { Layout } from '../layout.tsx';
import { Markdown } from '../markdown.tsx';

function SearchForm({ query }: { query?: string }) {
  return (
    <form method="get" action="/runbooks" class="filters card" role="search" aria-label="Search runbooks">
      <div class="field">
        <label for="runbook-query">Search runbooks and SOPs</label>
        <input id="runbook-query" name="q" type="search" value={query ?? ''} maxlength={2000} size={50} />
      </div>
      <button type="submit">Search</button>
    </form>
  );
}

export function RunbooksPage({
  principal,
  documents,
  query,
  hits,
}: {
  principal: Principal;
  documents: KnowledgeDocumentSummary[];
  query?: string;
  hits?: KnowledgeHit[];
}) {
  const byType = new Map<string, KnowledgeDocumentSummary[]>();
  for (const document of documents) byType.set(document.type, [...(byType.get(document.type) ?? []), document]);
  return (
    <Layout title="Runbooks" path="/runbooks" principal={principal}>
      <h1>Runbooks</h1>
      <SearchForm query={query} />
      {hits ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">Results for “{query}”</h2>
          {hits.length === 0 ? (
            <p class="notice">No passage matches.</p>
          ) : (
            <ol id="search-results">
              {hits.map((hit) => (
                <li>
                  <a href={citationHref(hit.citation)}>
                    {hit.title} › {hit.headingPath.at(-1) ?? hit.title}
                  </a>{' '}
                  <span class="muted">
                    ({hit.docType}, v{hit.version})
                  </span>
                  <p class="muted">{hit.content.length > 300 ? `${hit.content.slice(0, 297)}…` : hit.content}</p>
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
      {documents.length === 0 ? (
        <p class="notice">
          Nothing has been ingested yet (<code>copilot ingest</code>).
        </p>
      ) : (
        [...byType.entries()].map(([type, list]) => (
          <section aria-labelledby={`type-${type}`}>
            <h2 id={`type-${type}`}>{type}</h2>
            <ul>
              {list.map((document) => (
                <li>
                  <a href={`/runbooks/${encodeURIComponent(document.documentId)}`}>{document.title}</a>{' '}
                  <span class="muted">
                    v{document.version}
                    {document.visibility === 'tenant' ? ' · private to your tenant' : ''}
                    {document.appliesTo.length ? ` · ${document.appliesTo.join(', ')}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </Layout>
  );
}

export function RunbookPage({ principal, document }: { principal: Principal; document: KnowledgeDocument }) {
  return (
    <Layout title={document.title} path="/runbooks" principal={principal}>
      <p>
        <a href="/runbooks">← All runbooks</a>
      </p>
      <h1>{document.title}</h1>
      {document.current ? null : (
        <p class="notice">
          You are reading version {document.version}, which is no longer current.{' '}
          <a href={`/runbooks/${encodeURIComponent(document.documentId)}`}>Read the current version</a>.
        </p>
      )}
      <dl class="facts card">
        <dt>Type</dt>
        <dd>{document.type}</dd>
        <dt>Version</dt>
        <dd>
          {document.versions.map((version) =>
            version === document.version ? (
              <strong>v{version} </strong>
            ) : (
              <a href={`/runbooks/${encodeURIComponent(document.documentId)}?version=${version}`}>v{version} </a>
            ),
          )}
        </dd>
        {document.appliesTo.length ? (
          <>
            <dt>Applies to</dt>
            <dd>{document.appliesTo.join(', ')}</dd>
          </>
        ) : null}
        {document.owner ? (
          <>
            <dt>Owner</dt>
            <dd>{document.owner}</dd>
          </>
        ) : null}
        <dt>Ingested</dt>
        <dd>{formatDateTime(document.ingestedAt)}</dd>
      </dl>
      <nav aria-label="Sections" class="card">
        <h2>Sections</h2>
        <ol>
          {document.sections.map((section) => (
            <li>
              <a href={`#${section.slug}`}>{section.headingPath.at(-1) ?? section.slug}</a>
            </li>
          ))}
        </ol>
      </nav>
      <article>
        <Markdown source={document.body} sections={document.sections} />
      </article>
    </Layout>
  );
}
