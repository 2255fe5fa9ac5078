import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { openPostgres, sqlStatementName } from '../../core/db/postgres.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

// core/db/postgres.ts `scopedQuery`: BEGIN, settings, the statement (PREPAREd in SQL once per
// connection) and COMMIT as one message, on a real PostgreSQL 15 server.
describe('scopedQuery on PostgreSQL', () => {
  let server: PostgresServer;
  let db: Database;

  beforeAll(async () => {
    server = await startPostgres();
    // One connection: every call below shares its session and its prepared statements.
    db = openPostgres({ connectionString: server.connectionString, maxConnections: 1 });
    await db.exec(`CREATE TABLE scoped_items (id int PRIMARY KEY, label text, tags text[]);
                   INSERT INTO scoped_items VALUES (1, 'one', '{a,b}'), (2, 'it''s \\two', '{"x,y","q\\"z"}')`);
  });
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  const echo = `SELECT current_setting('app.scope_test', true) AS scope, $1::text AS text, $2::text[] AS list, $3::int + 1 AS next, $4::float8 AS ratio, $5::text AS missing`;
  const prepared = async (sql: string): Promise<string[]> =>
    (await db.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE name = $1', [sqlStatementName(sql)])).rows.map(
      (row) => row.name,
    );

  it('applies the settings for its own transaction only and passes every value through unchanged', async () => {
    const nasty = `o'brien \\ "quoted" ; DROP TABLE scoped_items; --`;
    const list = ['a,b', '{brace}', 'back\\slash', `quote'`, 'dq"', 'ünïcode'];
    for (let round = 0; round < 3; round++) {
      const result = await db.scopedQuery!<Record<string, unknown>>(echo, [nasty, list, 41, 0.125, null], {
        settings: [['app.scope_test', `round ${round}`]],
      });
      expect(result.rows).toEqual([{ scope: `round ${round}`, text: nasty, list, next: 42, ratio: 0.125, missing: null }]);
      // Transaction-local: nothing is left on the session.
      expect((await db.query<{ scope: string | null }>(`SELECT current_setting('app.scope_test', true) AS scope`)).rows[0]!.scope).toBe('');
    }
    expect(await prepared(echo)).toEqual([sqlStatementName(echo)]);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scoped_items')).rows[0]!.n).toBe(2);
  });

  it('prepares the statement again when the session lost it, and reports errors with the connection still usable', async () => {
    const sql = 'SELECT label FROM scoped_items WHERE id = $1';
    expect((await db.scopedQuery!<{ label: string }>(sql, [2], { settings: [] })).rows).toEqual([{ label: `it's \\two` }]);
    await db.exec(`DEALLOCATE ${sqlStatementName(sql)}`);
    expect((await db.scopedQuery!<{ label: string }>(sql, [1], { settings: [] })).rows).toEqual([{ label: 'one' }]);
    expect(await prepared(sql)).toEqual([sqlStatementName(sql)]);

    await expect(db.scopedQuery!('SELECT 1 / $1::int AS x', [0], { settings: [] })).rejects.toThrow(/division by zero/);
    await expect(
      db.scopedQuery!('UPDATE scoped_items SET label = $1 WHERE id = 1 RETURNING id', ['changed'], { settings: [], readOnly: true }),
    ).rejects.toMatchObject({ code: '25006' });
    expect((await db.query<{ label: string }>('SELECT label FROM scoped_items WHERE id = 1')).rows).toEqual([{ label: 'one' }]);
    expect((await db.scopedQuery!<{ x: number }>('SELECT 1 / $1::int AS x', [1], { settings: [] })).rows).toEqual([{ x: 1 }]);
  });
});
