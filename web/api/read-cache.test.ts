import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { authenticateApiKey, createApiKey, revokeTenantApiKey } from '../../core/identity/api-keys.ts';
import { adjustInventory } from '../../core/inventory/index.ts';
import { cancelOrder, placeOrderHold } from '../../core/orders/index.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { createApp } from '../app.ts';
import { createLogger } from '../logging/logger.ts';
import { seedOperationsScenario } from '../testing/operations-scenario.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { nextSlaBreach } from './exception-routes.ts';
import { WriteGenerations } from '../../core/db/write-generations.ts';
import { ReadCache } from './read-cache.ts';

describe('read routes answered from the read cache', () => {
  let t: TestApp;
  let app: ReturnType<typeof createApp>;
  /** The app's database: t.db counting transactions, scoped statements included (the key cache is per database object, so revoke through it). */
  let counted: Database;
  /** Tenant transactions the app opened: zero for an answer from the cache. */
  let transactions = 0;

  const get = async (path: string, key: string) => {
    const response = await app.request(path, { headers: { Authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** The request's answer and how many transactions it took (after a first request warmed the key). */
  const measured = async (path: string, key: string) => {
    const before = transactions;
    const answer = await get(path, key);
    return { ...answer, transactions: transactions - before };
  };
  const adjust = (tenantId: string, delta: number) =>
    withTenant(t.db, tenantId, (tx) => adjustInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', delta, reasonCode: 'FOUND' }));

  beforeAll(async () => {
    t = await createTestApp();
    const registry = buildDefaultRegistry();
    // The same order numbers and SKU codes in both tenants: the same path, two different answers.
    await seedOperationsScenario(t.db, registry, await authenticateApiKey(t.db, t.keys.rep), 10481);
    await seedOperationsScenario(t.db, registry, await authenticateApiKey(t.db, t.keys.otherRep), 10481);
    counted = {
      ...t.db,
      // Tenant transactions only: authentication's look-ups (and their background refreshes, due after
      // half of the key cache's 5 s) run as the operator, at times a loaded machine decides.
      transaction: (fn, scope) => {
        if (scope) transactions += 1;
        return t.db.transaction(fn, scope);
      },
      // A one-statement read is a transaction of its own in one message (core/db/tenant-read.ts).
      scopedQuery: (sql, params, options) => {
        if (options.scope) transactions += 1;
        return t.db.scopedQuery!(sql, params, options);
      },
    };
    app = createApp({ db: counted, config: t.config, logger: createLogger({ level: 'error', write: () => {} }) });
  });
  afterAll(() => t.close());

  it('answers a repeated read without the database, and the read after a write with the new data', async () => {
    const path = '/v1/inventory/MUG-BLK/ats';
    const first = await measured(path, t.keys.rep);
    expect(first.status).toBe(200);
    const again = await measured(path, t.keys.rep);
    expect(again).toEqual({ ...first, transactions: 0 });
    await adjust(t.tenantA.id, 5);
    const after = await measured(path, t.keys.rep);
    expect(after.transactions).toBeGreaterThan(0);
    expect(after.body.ats).toBe((first.body.ats as number) + 5);
  });

  it("keeps one tenant's answers through another tenant's writes, and never shows one tenant another's", async () => {
    const path = '/v1/orders/SO-10481';
    const mine = await measured(path, t.keys.rep);
    const theirs = await measured(path, t.keys.otherRep);
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(theirs.body.id).not.toBe(mine.body.id);
    const atsBefore = (await get('/v1/inventory/MUG-BLK/ats', t.keys.rep)).body.ats;
    const theirAtsBefore = (await get('/v1/inventory/MUG-BLK/ats', t.keys.otherRep)).body.ats;
    await adjust(t.tenantB.id, 3);
    expect(await measured(path, t.keys.rep)).toEqual({ ...mine, transactions: 0 });
    expect(await measured('/v1/inventory/MUG-BLK/ats', t.keys.rep)).toMatchObject({ transactions: 0, body: { ats: atsBefore } });
    expect((await get('/v1/inventory/MUG-BLK/ats', t.keys.otherRep)).body.ats).toBe((theirAtsBefore as number) + 3);
  });

  it('refuses a revoked key and a key without the role, whatever the cache holds', async () => {
    const path = '/v1/orders/SO-10482';
    const created = await createApiKey(t.db, { tenantId: t.tenantA.id, roles: ['rep'], userName: 'rory-rep' });
    expect((await get(path, created.key)).status).toBe(200);
    expect((await get(path, created.key)).status).toBe(200);
    await revokeTenantApiKey(counted, t.tenantA.id, created.id);
    expect((await get(path, created.key)).status).toBe(401);
    // Same user name, tenant and path, a role that may not read orders.
    const integration = await createApiKey(t.db, { tenantId: t.tenantA.id, roles: ['integration'], userName: 'rory-rep' });
    expect((await get(path, integration.key)).status).toBe(403);
  });

  it('reads the database every time in an app made without the cache', async () => {
    const uncached = createApp({
      db: counted,
      config: t.config,
      logger: createLogger({ level: 'error', write: () => {} }),
      readCache: false,
    });
    const read = () => uncached.request('/v1/inventory/MUG-BLK/ats', { headers: { Authorization: `Bearer ${t.keys.rep}` } });
    expect((await read()).status).toBe(200);
    const before = transactions;
    expect((await read()).status).toBe(200);
    expect(transactions - before).toBeGreaterThan(0);
  });

  it('keeps other orders, other SKUs and runbook searches through a stock write, and reads again the SKU it changed', async () => {
    const paths = ['/v1/orders/SO-10481', '/v1/inventory/KETTLE-1L/ats', '/v1/runbooks/search?q=oversold%20stock'];
    for (const path of [...paths, '/v1/inventory/MUG-BLK/ats']) expect((await get(path, t.keys.rep)).status).toBe(200);
    const atsBefore = (await get('/v1/inventory/MUG-BLK/ats', t.keys.rep)).body.ats as number;
    await adjust(t.tenantA.id, 2); // SO-10481 orders MUG-BLK: its stock is not part of the order
    for (const path of paths)
      expect({ path, transactions: (await measured(path, t.keys.rep)).transactions }).toEqual({ path, transactions: 0 });
    const after = await measured('/v1/inventory/MUG-BLK/ats', t.keys.rep);
    expect(after.transactions).toBeGreaterThan(0);
    expect(after.body.ats).toBe(atsBefore + 2);
  });

  // Never stale: after each write, every read answers what the database answers (an app without the
  // cache), and the reads the write did not touch come from the cache.
  it('answers every read as the database does after each write, from the cache where the write did not touch it', async () => {
    const uncached = createApp({ db: t.db, config: t.config, logger: createLogger({ level: 'error', write: () => {} }), readCache: false });
    const fresh = async (path: string) => {
      const response = await uncached.request(path, { headers: { Authorization: `Bearer ${t.keys.rep}` } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const paths = [
      '/v1/orders/SO-10481',
      '/v1/orders/SO-10482',
      '/v1/inventory/MUG-BLK/ats',
      '/v1/inventory/KETTLE-1L/ats',
      '/v1/exceptions?limit=20',
      '/v1/exceptions?status=live&sort=severity',
      '/v1/runbooks/search?q=payment%20hold',
    ];
    const run = (fn: (tx: Tx) => Promise<unknown>) => withTenant(t.db, t.tenantA.id, fn);
    const writes: Array<{ name: string; write: () => Promise<unknown>; untouched: string[] }> = [
      {
        name: 'hold on SO-10481',
        write: () => run((tx) => placeOrderHold(tx, { order: 'SO-10481', reasonCode: 'CUSTOMER-REQ', note: 'customer asked to wait' })),
        untouched: ['/v1/orders/SO-10482', '/v1/inventory/KETTLE-1L/ats', '/v1/runbooks/search?q=payment%20hold'],
      },
      {
        name: 'KETTLE-1L received',
        write: () => run((tx) => adjustInventory(tx, { sku: 'KETTLE-1L', location: 'WH-EAST', delta: 4, reasonCode: 'FOUND' })),
        untouched: ['/v1/orders/SO-10481', '/v1/orders/SO-10482', '/v1/inventory/MUG-BLK/ats', '/v1/runbooks/search?q=payment%20hold'],
      },
      {
        name: 'SO-10482 cancelled',
        write: () => run((tx) => cancelOrder(tx, { order: 'SO-10482', reason: 'customer cancelled' })),
        untouched: ['/v1/orders/SO-10481', '/v1/inventory/MUG-BLK/ats', '/v1/runbooks/search?q=payment%20hold'],
      },
    ];
    for (const path of paths) await get(path, t.keys.rep);
    for (const { name, write, untouched } of writes) {
      await write();
      for (const path of paths) {
        const cached = await measured(path, t.keys.rep);
        const expected = await fresh(path);
        expect({ name, path, status: cached.status, body: cached.body }).toEqual({ name, path, ...expected });
        if (untouched.includes(path)) expect({ name, path, transactions: cached.transactions }).toEqual({ name, path, transactions: 0 });
      }
    }
  });

  it('answers exception lists from the cache until the first listed resolve-by time', async () => {
    const first = await measured('/v1/exceptions?limit=20', t.keys.rep);
    expect(first.status).toBe(200);
    const exceptions = first.body.exceptions as Array<{
      slaDueAt: string;
      slaBreached: boolean;
      resolution: { resolvedAt: string | null };
    }>;
    expect(exceptions.length).toBeGreaterThan(0);
    const again = await measured('/v1/exceptions?limit=20', t.keys.rep);
    // Cached unless an unresolved exception's resolve-by time passed in between (then read again).
    if (nextSlaBreach(exceptions, Date.now()) > Date.now()) expect(again.transactions).toBe(0);
    // A breach filter depends on every exception's clock: never cached.
    await get('/v1/exceptions?slaBreached=false', t.keys.rep);
    expect((await measured('/v1/exceptions?slaBreached=false', t.keys.rep)).transactions).toBeGreaterThan(0);
  });
});

describe('nextSlaBreach', () => {
  const at = (iso: string) => Date.parse(iso);
  const open = (slaDueAt: string) => ({ slaDueAt, resolution: { resolvedAt: null } });
  it('is the earliest resolve-by time still ahead of an unresolved exception', () => {
    const now = at('2026-12-07T10:00:00Z');
    const exceptions = [
      open('2026-12-07T09:00:00Z'), // already breached: stays so until a write
      open('2026-12-07T12:00:00Z'),
      { slaDueAt: '2026-12-07T10:30:00Z', resolution: { resolvedAt: '2026-12-07T09:30:00Z' } }, // resolved: fixed
      open('2026-12-07T11:00:00Z'),
    ];
    expect(nextSlaBreach(exceptions, now)).toBe(at('2026-12-07T11:00:00Z'));
    expect(nextSlaBreach([open('2026-12-07T09:00:00Z')], now)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('ReadCache', () => {
  const generations = () => new WriteGenerations();
  const answer =
    (json: string, dependencies: string[] = ['order:1']) =>
    async () => ({
      json,
      validUntil: Number.POSITIVE_INFINITY,
      dependencies,
    });

  it('shares one computation among identical concurrent reads', async () => {
    const cache = new ReadCache(generations());
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const compute = async () => {
      computed += 1;
      await gate;
      return { json: '"shared"', validUntil: Number.POSITIVE_INFINITY, dependencies: ['order:1'] };
    };
    const reads = [cache.read('t', 'k', compute), cache.read('t', 'k', compute), cache.read('t', 'k', compute)];
    release();
    expect(await Promise.all(reads)).toEqual(['"shared"', '"shared"', '"shared"']);
    expect(computed).toBe(1);
    expect(cache.stats).toEqual({ hits: 0, misses: 1, joined: 2 });
  });

  it('does not keep an answer computed while a write committed, nor one the clock has already overtaken', async () => {
    const source = generations();
    const cache = new ReadCache(source);
    await cache.read('t', 'k', async () => {
      source.systemWrote();
      return { json: '"old"', validUntil: Number.POSITIVE_INFINITY, dependencies: [] };
    });
    expect(cache.size).toBe(0);
    await cache.read('t', 'expired', async () => ({ json: '"now"', validUntil: Date.now() - 1, dependencies: [] }));
    expect(cache.size).toBe(0);
    expect(await cache.read('t', 'k', answer('"new"'))).toBe('"new"');
    expect(await cache.read('t', 'k', answer('"unused"'))).toBe('"new"');
  });

  it('serves an entry only until its time, and evicts the least recently used beyond its limits', async () => {
    let clock = 1_000;
    const cache = new ReadCache(generations(), { entries: 2, characters: 1_000 }, () => clock);
    await cache.read('t', 'timed', async () => ({ json: '"first"', validUntil: 2_000, dependencies: [] }));
    expect(await cache.read('t', 'timed', answer('"second"'))).toBe('"first"');
    clock = 2_000;
    expect(await cache.read('t', 'timed', answer('"third"'))).toBe('"third"');
    await cache.read('t', 'b', answer('"b"'));
    await cache.read('t', 'timed', answer('"unused"')); // a hit: now the most recently used
    await cache.read('t', 'c', answer('"c"'));
    expect(cache.size).toBe(2);
    expect(await cache.read('t', 'timed', answer('"unused"'))).toBe('"third"');
    expect(await cache.read('t', 'b', answer('"b again"'))).toBe('"b again"');
  });

  it('keeps an answer through writes to what it did not read, and drops it at a write to what it read', async () => {
    const source = generations();
    const cache = new ReadCache(source);
    await cache.read('t', 'order 1', answer('"order 1"', ['order:1', 'table:skus']));
    await cache.read('t', 'order 2', answer('"order 2"', ['order:2', 'table:skus']));
    source.tenantWrote('t', 'order:2 sku:9');
    source.tenantWrote('other', 'order:1 table:skus');
    expect(await cache.read('t', 'order 1', answer('"unused"'))).toBe('"order 1"');
    expect(await cache.read('t', 'order 2', answer('"order 2 again"'))).toBe('"order 2 again"');
    source.tenantWrote('t', 'table:skus');
    expect(await cache.read('t', 'order 1', answer('"order 1 again"'))).toBe('"order 1 again"');
    // A write that noted nothing (a row lock, a table without notes) may have changed anything of the tenant.
    source.tenantWrote('t', '');
    expect(await cache.read('t', 'order 1', answer('"order 1 third"'))).toBe('"order 1 third"');
    expect(cache.stats).toEqual({ hits: 1, misses: 5, joined: 0 });
  });

  it('lets a request join one in flight only if nothing that one read was written since it began', async () => {
    const source = generations();
    const cache = new ReadCache(source);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = cache.read('t', 'k', async () => {
      await gate;
      return { json: '"before the write"', validUntil: Number.POSITIVE_INFINITY, dependencies: ['order:1'] };
    });
    source.tenantWrote('t', 'order:1'); // committed while the first read was running: it may not show it
    const second = cache.read('t', 'k', answer('"after the write"', ['order:1']));
    release();
    expect(await first).toBe('"before the write"');
    expect(await second).toBe('"after the write"');
    expect(await cache.read('t', 'k', answer('"unused"'))).toBe('"after the write"');
  });
});
