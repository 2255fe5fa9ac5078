/**
 * Search contexts kept per index version, so a search with words seen before skips the context
 * query and runs as one statement. The context of a version never changes (a write to the index
 * gives it a new version), so an entry is only ever incomplete — a query word not yet counted —
 * never wrong for its version. The search statement returns the version it ran against; a
 * different one (another process ingested) makes the caller forget the database's entry and read
 * the context again. Ingests and re-indexes in this process forget every entry at once
 * (`forgetSearchContexts`).
 */
import type { SearchContext } from './search-context.ts';

/** Versions remembered (one process may search a few databases: tests, evaluations, a benchmark). */
const CACHED_VERSIONS = 4;
/** Words remembered per version before the entry starts over (bounds memory on a long-running server). */
const MAX_WORDS = 50_000;

const byVersion = new Map<string, SearchContext>();
/** The version each database (or other handle) last answered with. */
const versionOf = new WeakMap<object, string>();
/** The version this process read last: a guess for searches inside a caller's transaction (no database handle). */
const LATEST = {};

/** Records what a context query read (merging its word counts into the version's entry). */
export function rememberSearchContext(database: object, context: SearchContext): void {
  let entry = byVersion.get(context.version);
  if (!entry || entry.wordChunks.size + context.wordChunks.size > MAX_WORDS) {
    entry = { ...context, wordChunks: new Map() };
    byVersion.delete(context.version);
    byVersion.set(context.version, entry);
    while (byVersion.size > CACHED_VERSIONS) byVersion.delete(byVersion.keys().next().value!);
  }
  for (const [word, chunks] of context.wordChunks) entry.wordChunks.set(word, chunks);
  versionOf.set(database, context.version);
}

/** The database's last known context, if it counts every one of these words. */
export function cachedSearchContext(database: object, words: readonly string[]): SearchContext | undefined {
  const version = versionOf.get(database);
  const entry = version === undefined ? undefined : byVersion.get(version);
  if (!entry) return undefined;
  return words.every((word) => entry.wordChunks.has(word)) ? entry : undefined;
}

/** Records a context read inside a caller's transaction (searchKnowledgeInTransaction). */
export function rememberLatestSearchContext(context: SearchContext): void {
  rememberSearchContext(LATEST, context);
}

/** The context this process read last, if it counts every one of these words (checked by the search's version). */
export function latestSearchContext(words: readonly string[]): SearchContext | undefined {
  return cachedSearchContext(LATEST, words);
}

/** A search in a caller's transaction found another version than the one read last. */
export function forgetLatestSearchContext(): void {
  forgetDatabaseContext(LATEST);
}

/** The database answered with another version than its cached context's. */
export function forgetDatabaseContext(database: object): void {
  const version = versionOf.get(database);
  versionOf.delete(database);
  if (version !== undefined) byVersion.delete(version);
}

/** Every cached context: this process wrote to an index (ingest, prune, re-index, statistics refresh). */
export function forgetSearchContexts(): void {
  byVersion.clear();
}

/** Versions cached (tests). */
export function cachedSearchContextVersions(): number {
  return byVersion.size;
}
