/**
 * Answers of read routes, kept while nothing the caller could see has changed. Fifty clients asking
 * for the same order queued on the embedded database's one thread (p95 842 ms for 17 statements a
 * read, docs/benchmarks.md); the second to the fiftieth now get the first one's answer.
 *
 * Correctness rests on the write generations (core/db/write-generations.ts): an entry is stored with
 * the tenant's token read *before* its transaction began and served only while the token is the same,
 * i.e. while no write the tenant's reads could see has committed since. A route whose answer also
 * depends on the clock says until when it holds (`validUntil`). Identical requests that arrive while
 * one is being answered wait for that answer instead of queueing their own (same key, same token).
 * Only databases that report write generations get a cache (the embedded one: never a PostgreSQL
 * server, which other processes write to).
 */
import type { WriteGenerationSource } from '../../core/db/database.ts';

/** What a route computed: the response text and until when (ms since epoch) the clock leaves it true. */
export interface CachedAnswer {
  json: string;
  validUntil: number;
}

interface Entry extends CachedAnswer {
  token: string;
  size: number;
}

export interface ReadCacheLimits {
  entries: number;
  /** Sum of the cached texts' lengths (UTF-16 code units, about bytes for JSON). */
  characters: number;
}

const DEFAULT_LIMITS: ReadCacheLimits = { entries: 2_000, characters: 32 * 1024 * 1024 };

export class ReadCache {
  /** In least-recently-used order (a Map iterates in insertion order; a hit re-inserts). */
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<CachedAnswer>>();
  #characters = 0;
  readonly stats = { hits: 0, misses: 0, joined: 0 };

  constructor(
    private readonly generations: WriteGenerationSource,
    private readonly limits: ReadCacheLimits = DEFAULT_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The answer for key in tenantId's data: cached if still current, else compute()'s (shared by identical concurrent requests). */
  async read(tenantId: string, key: string, compute: () => Promise<CachedAnswer>): Promise<string> {
    const token = this.generations.token(tenantId);
    const entry = this.#entries.get(key);
    if (entry && entry.token === token && this.clock() < entry.validUntil) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      this.stats.hits += 1;
      return entry.json;
    }
    const pendingKey = `${token}\n${key}`;
    const pending = this.#pending.get(pendingKey);
    if (pending) {
      this.stats.joined += 1;
      return (await pending).json;
    }
    this.stats.misses += 1;
    const computing = compute().finally(() => this.#pending.delete(pendingKey));
    this.#pending.set(pendingKey, computing);
    const answer = await computing;
    // Stored only while still current: under a newer token it could never be served.
    if (this.generations.token(tenantId) === token && this.clock() < answer.validUntil) this.#store(key, { ...answer, token });
    return answer.json;
  }

  get size(): number {
    return this.#entries.size;
  }

  #store(key: string, answer: Omit<Entry, 'size'>): void {
    const size = answer.json.length;
    if (size > this.limits.characters) return;
    const previous = this.#entries.get(key);
    if (previous) {
      this.#characters -= previous.size;
      this.#entries.delete(key);
    }
    this.#entries.set(key, { ...answer, size });
    this.#characters += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.limits.entries && this.#characters <= this.limits.characters) break;
      this.#entries.delete(oldest);
      this.#characters -= entry.size;
    }
  }
}
