import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import type { PgliteDatabase } from '../db/pglite.ts';
import { asOperator } from '../db/tenant-scope.ts';
import { createTestDb } from '../testing/test-db.ts';
import { createTenant } from '../tenants/tenants.ts';
import { cacheGeneration, cachedPrincipal, forgetApiKey, rememberPrincipal } from './api-key-cache.ts';
import { authenticateApiKey, createApiKey, hashApiKey, revokeApiKey } from './api-keys.ts';

describe('API key authentication cache', () => {
  let db: PgliteDatabase;
  let tenantId: string;
  beforeAll(async () => {
    db = await createTestDb();
    tenantId = (await createTenant(db, { slug: 'cache-co', name: 'Cache Co', timezone: 'UTC' })).id;
  });
  afterAll(() => db.close());

  const lastUsed = async (keyId: string) =>
    asOperator(
      db,
      async (tx) => (await tx.query<{ at: Date | null }>('SELECT last_used_at AS at FROM api_keys WHERE id = $1', [keyId])).rows[0]?.at,
    );

  it('writes last_used_at once, not on every request', async () => {
    const created = await createApiKey(db, { tenantId, roles: ['rep'], userName: 'cathy' });
    expect(await lastUsed(created.id)).toBeNull();
    await authenticateApiKey(db, created.key);
    const first = await lastUsed(created.id);
    expect(first).toBeInstanceOf(Date);
    forgetApiKey(db, created.id); // a cache miss: the lookup runs again, but last_used_at is fresh
    for (let i = 0; i < 5; i += 1) expect((await authenticateApiKey(db, created.key)).userName).toBe('cathy');
    expect((await lastUsed(created.id))?.getTime()).toBe(first?.getTime());
  });

  it('refuses a revoked key at once, also when it was just cached', async () => {
    const created = await createApiKey(db, { tenantId, roles: ['approver'], userName: 'arno' });
    await authenticateApiKey(db, created.key);
    expect(cachedPrincipal(db, hashApiKey(created.key))?.keyId).toBe(created.id);
    await revokeApiKey(db, created.id);
    expect(cachedPrincipal(db, hashApiKey(created.key))).toBeUndefined();
    await expect(authenticateApiKey(db, created.key)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('does not cache what a lookup read before a revocation landed', () => {
    const principal = { tenantId, tenantSlug: 'cache-co', userId: 'u', userName: 'x', roles: ['rep' as const], keyId: 'k1' };
    const generation = cacheGeneration(db);
    forgetApiKey(db, 'k1');
    rememberPrincipal(db, 'hash-k1', principal, generation);
    expect(cachedPrincipal(db, 'hash-k1')).toBeUndefined();
    rememberPrincipal(db, 'hash-k1', principal, cacheGeneration(db));
    expect(cachedPrincipal(db, 'hash-k1')?.userName).toBe('x');
  });

  it('shares one look-up among identical concurrent requests, but not across a revocation', async () => {
    const created = await createApiKey(db, { tenantId, roles: ['rep'], userName: 'crowd' });
    let transactions = 0;
    const counted: Database = {
      ...db,
      transaction: (fn, scope) => {
        transactions += 1;
        return db.transaction(fn, scope);
      },
    };
    const principals = await Promise.all(Array.from({ length: 10 }, () => authenticateApiKey(counted, created.key)));
    expect(principals.map((principal) => principal.keyId)).toEqual(Array(10).fill(created.id));
    expect(transactions).toBe(1);
    forgetApiKey(counted, created.id); // the entry gone: the next request looks the key up again
    const before = authenticateApiKey(counted, created.key).catch((error: unknown) => error);
    await revokeApiKey(counted, created.id);
    // Arrived after the revocation: its own look-up, never the one that began before it.
    await expect(authenticateApiKey(counted, created.key)).rejects.toMatchObject({ code: 'unauthorized' });
    await before;
  });

  it('refreshes an entry past half its life in the background, evicting a key revoked by another process', async () => {
    const created = await createApiKey(db, { tenantId, roles: ['rep'], userName: 'elsewhere' });
    const principal = await authenticateApiKey(db, created.key);
    const hash = hashApiKey(created.key);
    rememberPrincipal(db, hash, principal, cacheGeneration(db), Date.now() - 3_000); // 2 s of life left
    // Revoked behind this process's back (as another server on the same PostgreSQL would).
    await asOperator(db, (tx) => tx.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [created.id]));
    expect((await authenticateApiKey(db, created.key)).keyId).toBe(created.id); // served from the cache, refresh started
    for (let attempt = 0; attempt < 200 && cachedPrincipal(db, hash); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cachedPrincipal(db, hash)).toBeUndefined();
    await expect(authenticateApiKey(db, created.key)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('expires entries after the time to live', () => {
    const principal = { tenantId, tenantSlug: 'cache-co', userId: 'u', userName: 'y', roles: ['rep' as const], keyId: 'k2' };
    rememberPrincipal(db, 'hash-k2', principal, cacheGeneration(db), 1_000);
    expect(cachedPrincipal(db, 'hash-k2', 1_001)?.userName).toBe('y');
    expect(cachedPrincipal(db, 'hash-k2', 1_000_000)).toBeUndefined();
  });
});
