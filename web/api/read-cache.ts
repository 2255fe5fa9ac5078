/**
 * Answers of read routes, kept while nothing the caller could see has changed. Fifty clients asking
 * for the same order queued on the embedded database's one thread (p95 842 ms for 17 statements a
 * read, docs/benchmarks.md); the second to the fiftieth now get the first one's answer.
 *
 * Correctness rests on the write generations (core/db/write-generations.ts): an answer is stored with
 * the write sequence marked *before* its transaction began and the write notes it depends on (the order
 * it shows, the SKU whose stock it counts, the tables it reads), and served only while no write counted
 * after that mark noted any of them. A write to another order or SKU of the tenant leaves it. A route
 * whose answer also depends on the clock says until when it holds (`validUntil`). Identical requests
 * that arrive while one is being answered wait for that answer and take it if nothing it depends on was
 * written since it began. Only databases that report write generations get a cache (the embedded one:
 * never a PostgreSQL server, which other processes write to).
 */
import type { WriteGenerationSource } from '../../core/db/database.ts';

/**
 * What a route computed: the response text, until when (ms since epoch) the clock leaves it true, and
 * the write notes (core/migrations/0021_write_notes.sql) of everything it read.
 */
export interface CachedAnswer {
  json: string;
  validUntil: number;
  dependencies: readonly string[];
}

interface Entry extends CachedAnswer {
  /** The write sequence marked before the answer's transaction began. */
  since: number;
  size: number;
}

interface Pending {
  since: number;
  answer: Promise<CachedAnswer>;
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
  readonly #pending = new Map<string, Pending>();
  #characters = 0;
  readonly stats = { hits: 0, misses: 0, joined: 0 };

  constructor(
    private readonly generations: WriteGenerationSource,
    private readonly limits: ReadCacheLimits = DEFAULT_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The answer for key in tenantId's data: cached if still current, else compute()'s (shared by identical concurrent requests). */
  async read(tenantId: string, key: string, compute: () => Promise<CachedAnswer>): Promise<string> {
    const entry = this.#entries.get(key);
    if (entry && this.#current(tenantId, entry) && this.clock() < entry.validUntil) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      this.stats.hits += 1;
      return entry.json;
    }
    const pending = this.#pending.get(key);
    if (pending) {
      // Its transaction began after its mark: if nothing it read was written since, it is as current as a new read.
      const answer = await pending.answer.catch(() => undefined);
      if (answer && !this.generations.changedSince(tenantId, pending.since, answer.dependencies)) {
        this.stats.joined += 1;
        return answer.json;
      }
    }
    this.stats.misses += 1;
    const since = this.generations.mark();
    const computing: Pending = { since, answer: compute() };
    this.#pending.set(key, computing);
    let answer: CachedAnswer;
    try {
      answer = await computing.answer;
    } finally {
      if (this.#pending.get(key) === computing) this.#pending.delete(key);
    }
    // Stored only while still current: an answer something it read was written after could never be served.
    const stored = { ...answer, since };
    if (this.#current(tenantId, stored) && this.clock() < answer.validUntil) this.#store(key, stored);
    return answer.json;
  }

  #current(tenantId: string, entry: { since: number; dependencies: readonly string[] }): boolean {
    return !this.generations.changedSince(tenantId, entry.since, entry.dependencies);
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
