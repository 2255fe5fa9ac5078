import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { deliverDatabaseReplies, embeddedThreadMessages, openPgliteInThread } from './pglite-in-thread.ts';

describe('the embedded database on its own thread', () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'copilot-thread-'));
    db = await openPgliteInThread(dir);
    await db.exec('CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL, amount numeric, at timestamptz)');
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs parameterised queries with the same value shapes as in-process PGlite', async () => {
    const at = new Date('2026-03-01T10:00:00Z');
    const inserted = await db.query('INSERT INTO items VALUES ($1, $2, $3, $4), (2, $5, 1.5, NULL)', [1, 'one', '12.50', at, 'two']);
    expect(inserted.rowCount).toBe(2);
    const rows = await db.query<{ id: number; amount: number; at: Date | null; n: number }>(
      'SELECT id, amount, at, count(*) OVER () AS n FROM items ORDER BY id',
    );
    expect(rows.rows).toEqual([
      { id: 1, amount: 12.5, at, n: 2 },
      { id: 2, amount: 1.5, at: null, n: 2 },
    ]);
  });

  it("keeps a statement run with prepare: 'everywhere' prepared in its session, inside transactions and out", async () => {
    const sql = 'SELECT id, amount FROM items WHERE label = $1';
    const outside = await db.query(sql, ['one'], { prepare: 'everywhere' });
    const inside = await db.transaction((tx) => tx.query(sql, ['one'], { prepare: 'everywhere' }));
    expect(inside.rows).toEqual(outside.rows);
    expect(outside.rows).toEqual([{ id: 1, amount: 12.5 }]);
    // This statement's only (every transaction's write check is kept prepared too).
    const names = await db.query(
      `SELECT name FROM pg_prepared_statements WHERE name LIKE 'copilot_embedded_%' AND statement LIKE '%FROM items%'`,
    );
    expect(names.rows).toHaveLength(1);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id, label) VALUES (10, $1)', ['kept']);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id, label) VALUES (11, $1)', ['dropped']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const labels = await db.query<{ label: string }>('SELECT label FROM items WHERE id >= 10 ORDER BY id');
    expect(labels.rows.map((row) => row.label)).toEqual(['kept']);
  });

  it('passes PostgreSQL errors through with their SQLSTATE and constraint', async () => {
    const failure = await db.query('INSERT INTO items (id, label) VALUES (1, $1)', ['again']).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: '23505', constraint: 'items_pkey' });
    expect((failure as Error).message).toMatch(/duplicate key/);
  });

  it('keeps a transaction usable after a failed statement inside a savepoint', async () => {
    await db.transaction(async (tx) => {
      await tx.query('SAVEPOINT one_event');
      await expect(tx.query('INSERT INTO items (id, label) VALUES (1, $1)', ['dup'])).rejects.toMatchObject({ code: '23505' });
      await tx.query('ROLLBACK TO SAVEPOINT one_event');
      await tx.query('INSERT INTO items (id, label) VALUES (20, $1)', ['after savepoint']);
    });
    expect((await db.query('SELECT 1 FROM items WHERE id = 20')).rowCount).toBe(1);
  });

  it('queues other queries behind an open transaction, which sees its own writes first', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id, label) VALUES (30, $1)', ['in transaction']);
      await held;
      order.push('transaction');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = db.query<{ n: number }>('SELECT count(*) AS n FROM items WHERE id = 30').then((result) => {
      order.push('outside');
      return result.rows[0]!.n;
    });
    release();
    await transaction;
    expect(await outside).toBe(1);
    expect(order).toEqual(['transaction', 'outside']);
  });

  it('answers a ping while a transaction holds the database', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await held;
      order.push('transaction');
    });
    await db.ping();
    order.push('ping');
    release();
    await transaction;
    expect(order).toEqual(['ping', 'transaction']);
  });

  it('runs a scoped statement as one message: settings, the statement kept prepared, the write check', async () => {
    const sql = `SELECT current_setting('app.scope_probe', true) AS probe, label FROM items WHERE id = $1`;
    const before = embeddedThreadMessages();
    const first = await db.scopedQuery!(sql, [1], { settings: [['app.scope_probe', 'first']], prepare: 'everywhere' });
    const second = await db.scopedQuery!(sql, [2], { settings: [['app.scope_probe', 'second']], prepare: 'everywhere' });
    expect(embeddedThreadMessages() - before).toBe(2);
    expect([first.rows, second.rows]).toEqual([[{ probe: 'first', label: 'one' }], [{ probe: 'second', label: 'two' }]]);
    // Prepared once in the session, also for the plain query path afterwards (one registry of names on the thread).
    expect((await db.query(sql, [1], { prepare: 'everywhere' })).rows).toEqual([{ probe: '', label: 'one' }]);
    const names = await db.query(`SELECT name FROM pg_prepared_statements WHERE statement LIKE '%app.scope_probe%'`);
    expect(names.rows).toHaveLength(1);
    // Transaction-local: nothing stays on the session.
    expect((await db.query<{ probe: string }>(`SELECT current_setting('app.scope_probe', true) AS probe`)).rows[0]!.probe).toBe('');
  });

  it('counts a scoped statement that wrote against its tenant, and rolls back one that failed', async () => {
    const tenantId = '00000000-0000-4000-8000-0000000000aa';
    const changed = (since: number) => db.writeGenerations!.changedSince(tenantId, since, []);
    const before = db.writeGenerations!.mark();
    await db.scopedQuery!('INSERT INTO items (id, label) VALUES ($1, $2)', [40, 'scoped'], { settings: [], scope: { tenantId } });
    // Not the application role in that tenant: counted for every tenant, as any such write is.
    expect(changed(before)).toBe(true);
    const after = db.writeGenerations!.mark();
    await expect(
      db.scopedQuery!('INSERT INTO items (id, label) VALUES ($1, $2), ($1, $2)', [41, 'twice'], { settings: [], scope: { tenantId } }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(changed(after)).toBe(false);
    expect((await db.query('SELECT 1 FROM items WHERE id = 41')).rowCount).toBe(0);
    await expect(
      db.scopedQuery!('UPDATE items SET label = $1 WHERE id = 40', ['changed'], { settings: [], readOnly: true }),
    ).rejects.toMatchObject({ code: '25006' });
  });

  it('leaves the main thread free while SQL runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 1);
    try {
      // Enough work that it spans many timer ticks when (and only when) the main thread is free.
      await db.query('SELECT count(*) FROM generate_series(1, 3000000)');
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(3);
  });

  /**
   * A main thread that never reaches its event loop, as one busy with a turn's worth of requests: only
   * microtasks run between its steps. `deliver` says whether each step hands over the database's replies.
   */
  async function busyMainThread(done: () => boolean, deliver: boolean, milliseconds: number): Promise<void> {
    const deadline = Date.now() + milliseconds;
    while (!done() && Date.now() < deadline) {
      if (deliver) deliverDatabaseReplies();
      await Promise.resolve();
    }
  }

  it('lets a transaction go on between the requests of a busy main thread, in order, failures included', async () => {
    const steps: string[] = [];
    let settled = false;
    const transaction = db
      .transaction(async (tx) => {
        for (const id of [50, 51, 52]) {
          await tx.query('INSERT INTO items (id, label) VALUES ($1, $2)', [id, `busy ${id}`]);
          steps.push(`inserted ${id}`);
        }
        await tx.exec('SAVEPOINT again');
        const failure = await tx.query('INSERT INTO items (id, label) VALUES (50, $1)', ['twice']).catch((error: unknown) => error);
        steps.push(`failed ${(failure as { code?: string }).code}`);
        await tx.exec('ROLLBACK TO SAVEPOINT again');
        return (await tx.query<{ n: number }>('SELECT count(*) AS n FROM items WHERE id BETWEEN 50 AND 52')).rows[0]!.n;
      })
      .finally(() => {
        settled = true;
      });
    await busyMainThread(() => settled, true, 60_000);
    expect(settled).toBe(true);
    await expect(transaction).resolves.toBe(3);
    expect(steps).toEqual(['inserted 50', 'inserted 51', 'inserted 52', 'failed 23505']);
  });

  it('leaves a reply to the event loop when nobody hands it over (the control for the test above)', async () => {
    let settled = false;
    const query = db.query('SELECT 1 AS one').finally(() => {
      settled = true;
    });
    await busyMainThread(() => settled, false, 300);
    expect(settled).toBe(false);
    await expect(query).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });
});

describe('the embedded database opened for a brief command', () => {
  it("starts with a small buffer pool, keeps the data, and the next standard open has PGlite's own", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'copilot-thread-brief-'));
    try {
      const brief = await openPgliteInThread(dir, { sharedMemory: 'command' });
      try {
        expect((await brief.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!.shared_buffers).toBe('2MB');
        await brief.exec('CREATE TABLE kept (id int)');
        await brief.query('INSERT INTO kept VALUES (7)');
      } finally {
        await brief.close();
      }
      const standard = await openPgliteInThread(dir);
      try {
        expect((await standard.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!.shared_buffers).toBe('128MB');
        expect((await standard.query<{ id: number }>('SELECT id FROM kept')).rows).toEqual([{ id: 7 }]);
      } finally {
        await standard.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
