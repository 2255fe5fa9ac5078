/**
 * `copilot search --server URL`: the same search asked of a running `copilot serve` over its API
 * (`GET /v1/runbooks/search`, as the user of COPILOT_API_KEY: that tenant's private documents plus the
 * global ones). Why: a cold search otherwise starts the embedded database and loads the embedder, seconds
 * of work the server has already done; this answers in one request (docs/benchmarks.md, CLI start).
 * Imports nothing heavy on purpose: it is the fast path.
 */
import { ConfigurationError, UnauthorizedError } from '../../core/errors.ts';
import type { KnowledgeHit } from '../../retrieval/search/search-types.ts';

export interface ServerSearch {
  server: string;
  apiKey: string | undefined;
  query: string;
  passages: number;
  perDocument: number;
  mode: string;
  types?: string[];
  appliesTo?: string[];
}

export async function searchThroughServer(search: ServerSearch): Promise<KnowledgeHit[]> {
  if (!search.apiKey) {
    throw new ConfigurationError('COPILOT_API_KEY is not set: `copilot search --server` asks the server as the user of an API key', {
      variables: ['COPILOT_API_KEY'],
    });
  }
  const url = new URL('/v1/runbooks/search', search.server);
  url.searchParams.set('q', search.query);
  url.searchParams.set('k', String(search.passages));
  url.searchParams.set('perDocument', String(search.perDocument));
  url.searchParams.set('mode', search.mode);
  if (search.types) url.searchParams.set('type', search.types.join(','));
  if (search.appliesTo) url.searchParams.set('appliesTo', search.appliesTo.join(','));
  const response = await fetch(url, { headers: { Authorization: `Bearer ${search.apiKey}`, Accept: 'application/json' } });
  if (response.status === 401)
    throw new UnauthorizedError(`${url.origin} did not accept COPILOT_API_KEY (unknown, malformed or revoked key)`);
  const body = (await response.json().catch(() => undefined)) as { hits?: KnowledgeHit[]; error?: { message?: string } } | undefined;
  if (!response.ok || !body?.hits) {
    throw new Error(`search at ${url.origin} answered ${response.status}: ${body?.error?.message ?? 'no hits in the answer'}`);
  }
  return body.hits;
}
