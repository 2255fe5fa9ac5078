/**
 * A short-lived, per-database cache of API key hash → principal, so an authenticated request costs no
 * database round trip (and never waits behind a long transaction). Revoking a key through this process
 * evicts it at once; a key revoked by another process (several servers on one PostgreSQL) stops
 * working within API_KEY_CACHE_TTL_MS.
 */
import type { Database } from '../db/database.ts';
import type { Principal } from './roles.ts';

export const API_KEY_CACHE_TTL_MS = 5_000;
/** Bounds memory against a flood of distinct valid keys; the oldest entries go first. */
const MAX_ENTRIES = 10_000;

interface Entry {
  principal: Principal;
  expiresAt: number;
}

const caches = new WeakMap<Database, Map<string, Entry>>();
/** Bumped by every eviction: a lookup that started before one does not cache what it read. */
const evictions = new WeakMap<Database, number>();

/** Taken before a lookup and handed to rememberPrincipal. */
export function cacheGeneration(db: Database): number {
  return evictions.get(db) ?? 0;
}

function evicted(db: Database): void {
  evictions.set(db, cacheGeneration(db) + 1);
}

function cacheOf(db: Database): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/**
 * Whether a cached entry is past half its life: the caller still uses it and refreshes it in the
 * background, so a steady caller never waits for a lookup (which may queue behind a long transaction).
 */
export function refreshDue(db: Database, keyHash: string, now = Date.now()): boolean {
  const entry = caches.get(db)?.get(keyHash);
  return entry !== undefined && entry.expiresAt - now < API_KEY_CACHE_TTL_MS / 2;
}

export function cachedPrincipal(db: Database, keyHash: string, now = Date.now()): Principal | undefined {
  const cache = caches.get(db);
  const entry = cache?.get(keyHash);
  if (!entry) return undefined;
  if (entry.expiresAt <= now) {
    cache!.delete(keyHash);
    return undefined;
  }
  // A copy: callers may not change what the next request sees.
  return { ...entry.principal, roles: [...entry.principal.roles] };
}

export function rememberPrincipal(db: Database, keyHash: string, principal: Principal, generation: number, now = Date.now()): void {
  if (generation !== cacheGeneration(db)) return; // a key was revoked while this lookup ran
  const cache = cacheOf(db);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(keyHash, { principal: { ...principal, roles: [...principal.roles] }, expiresAt: now + API_KEY_CACHE_TTL_MS });
}

/** Evicts a revoked key (by its id) so its next request is refused. */
export function forgetApiKey(db: Database, keyId: string): void {
  evicted(db);
  const cache = caches.get(db);
  if (!cache) return;
  for (const [hash, entry] of cache) if (entry.principal.keyId === keyId) cache.delete(hash);
}

/** Evicts every key of the given tenants (tenants deleted or reseeded). */
export function forgetTenants(db: Database, tenantIds: readonly string[]): void {
  evicted(db);
  const cache = caches.get(db);
  if (!cache) return;
  for (const [hash, entry] of cache) if (tenantIds.includes(entry.principal.tenantId)) cache.delete(hash);
}
