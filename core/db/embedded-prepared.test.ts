import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/test-db.ts';
import type { Database } from './database.ts';

// This file's statements only: every transaction's write check (write-generations.ts) is kept prepared too.
const prepared = async (db: Database) =>
  (
    await db.query<{ name: string }>(
      `SELECT name FROM pg_prepared_statements WHERE name LIKE 'copilot_embedded_%' AND statement LIKE '%prepared_probe%' ORDER BY name`,
    )
  ).rows.map((row) => row.name);

describe("prepare: 'everywhere' on the embedded database", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDb();
    await db.exec('CREATE TABLE prepared_probe (id int PRIMARY KEY, label text, tags text[], seen timestamptz)');
    await db.exec(
      `INSERT INTO prepared_probe VALUES (1, 'it''s a \\ test', '{a,"b c"}', '2026-01-02T03:04:05.678Z'), (2, NULL, '{}', NULL)`,
    );
  });
  afterAll(() => db.close());

  const byLabel = `SELECT id, label, tags, seen FROM prepared_probe WHERE label IS NOT DISTINCT FROM $1 OR id = $2 ORDER BY id`;

  it('prepares a text once per session and executes it with its values, in and outside transactions', async () => {
    const outside = await db.query(byLabel, ["it's a \\ test", 0], { prepare: 'everywhere' });
    expect(outside.rows).toEqual([{ id: 1, label: "it's a \\ test", tags: ['a', 'b c'], seen: new Date('2026-01-02T03:04:05.678Z') }]);
    const inside = await db.transaction((tx) => tx.query(byLabel, [null, 1], { prepare: 'everywhere' }));
    expect(inside.rows.map((row) => row.id)).toEqual([1, 2]);
    expect(await prepared(db)).toHaveLength(1);
    // The same rows as the unnamed statement gives.
    expect((await db.query(byLabel, [null, 1])).rows).toEqual(inside.rows);
  });

  it('keeps a statement prepared in a transaction that rolls back (PREPARE is not transactional)', async () => {
    const sql = 'SELECT count(*)::int AS n FROM prepared_probe WHERE id > $1';
    await expect(
      db.transaction(async (tx) => {
        await tx.query(sql, [0], { prepare: 'everywhere' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await prepared(db)).toHaveLength(2);
    expect((await db.query<{ n: number }>(sql, [1], { prepare: 'everywhere' })).rows).toEqual([{ n: 1 }]);
    expect(await prepared(db)).toHaveLength(2);
  });

  it('forgets a PREPARE that failed, so a later run tries again', async () => {
    const sql = 'SELECT label FROM prepared_probe_later WHERE id = $1';
    await expect(db.query(sql, [1], { prepare: 'everywhere' })).rejects.toThrow(/prepared_probe_later/);
    await db.exec(`CREATE TABLE prepared_probe_later (id int, label text); INSERT INTO prepared_probe_later VALUES (1, 'now')`);
    expect((await db.query(sql, [1], { prepare: 'everywhere' })).rows).toEqual([{ label: 'now' }]);
  });

  it('leaves statements without the option unprepared', async () => {
    const before = await prepared(db);
    await db.query('SELECT id FROM prepared_probe WHERE id = $1', [1], { prepare: true });
    await db.query('SELECT id FROM prepared_probe WHERE id = $1 + 0', [1]);
    expect(await prepared(db)).toEqual(before);
  });

  it('runs new texts unprepared once the session holds its limit of prepared statements', async () => {
    const { EmbeddedPreparedStatements } = await import('./embedded-prepared.ts');
    const statements = new EmbeddedPreparedStatements(1);
    const sent: string[] = [];
    const run = async <Row>(sql: string) => (sent.push(sql), db.query<Row>(sql));
    await statements.query(run, 'SELECT 1 AS one WHERE $1::int > 0', [1], () => db.query('SELECT 1 AS one WHERE $1::int > 0', [1]));
    const second = await statements.query(run, 'SELECT 2 AS two WHERE $1::int > 0', [1], () =>
      db.query('SELECT 2 AS two WHERE $1::int > 0', [1]),
    );
    expect(second.rows).toEqual([{ two: 2 }]);
    expect(sent.filter((sql) => sql.startsWith('PREPARE'))).toHaveLength(1);
    expect(statements.size).toBe(1);
  });
});
