import { createServer } from 'node:net';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { openPgliteWithInstance } from './pglite.ts';
import { openPostgres, statementName } from './postgres.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// The pg backend against a real PostgreSQL protocol peer: PGlite behind pglite-socket (one session,
// so pg_prepared_statements shows what the pool's connection prepared).
describe('openPostgres', () => {
  let embedded: Awaited<ReturnType<typeof openPgliteWithInstance>>;
  let server: PGLiteSocketServer;
  let db: Database;

  beforeAll(async () => {
    embedded = await openPgliteWithInstance();
    await embedded.db.exec(
      `CREATE TABLE items (id int PRIMARY KEY, label text); INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three');`,
    );
    const port = await freePort();
    server = new PGLiteSocketServer({ db: embedded.pglite, host: '127.0.0.1', port });
    await server.start();
    db = openPostgres({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, maxConnections: 1 });
  });
  afterAll(async () => {
    await db.close();
    await server.stop();
    await embedded.db.close();
  });

  const prepared = async (sql: string): Promise<string[]> =>
    (await db.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE statement = $1', [sql])).rows.map((row) => row.name);

  it('prepares a statement once per text when asked, and runs it with each call’s parameters', async () => {
    const sql = 'SELECT label FROM items WHERE id = $1';
    const first = await db.query<{ label: string }>(sql, [1], { prepare: true });
    const second = await db.transaction((tx) => tx.query<{ label: string }>(sql, [3], { prepare: true }));
    expect(first.rows).toEqual([{ label: 'one' }]);
    expect(second.rows).toEqual([{ label: 'three' }]);
    expect(await prepared(sql)).toEqual([statementName(sql)]);
  });

  it('gives two texts two names and leaves unprepared statements unnamed', async () => {
    const a = 'SELECT id FROM items WHERE label = $1';
    const b = 'SELECT id FROM items WHERE label <> $1 ORDER BY id';
    const plain = 'SELECT count(*)::int AS n FROM items WHERE id > $1';
    expect((await db.query(a, ['two'], { prepare: true })).rows).toEqual([{ id: 2 }]);
    expect((await db.query(b, ['two'], { prepare: true })).rows).toEqual([{ id: 1 }, { id: 3 }]);
    expect((await db.query(plain, [1])).rows).toEqual([{ n: 2 }]);
    expect(statementName(a)).not.toBe(statementName(b));
    expect(await prepared(a)).toEqual([statementName(a)]);
    expect(await prepared(b)).toEqual([statementName(b)]);
    expect(await prepared(plain)).toEqual([]);
  });

  // Last: after an error pglite-socket drops the session (a PostgreSQL server does not).
  it('reports the server’s error for a failing prepared statement', async () => {
    const sql = 'SELECT 1 / $1::int AS x';
    expect((await db.query<{ x: number }>(sql, [1], { prepare: true })).rows).toEqual([{ x: 1 }]);
    await expect(db.query(sql, [0], { prepare: true })).rejects.toThrow(/division by zero/);
  });
});
