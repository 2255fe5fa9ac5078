import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/test-db.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { migrateAll } from './open.ts';

describe('migrate', () => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDb();
    dir = await mkdtemp(join(tmpdir(), 'copilot-migrations-'));
  });
  afterAll(() => db.close());

  it('applying all migrations twice is a no-op', async () => {
    const report = await migrateAll(db);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toBeGreaterThan(0);
  });

  it('rolls a failed migration back whole and stops there', async () => {
    await writeFile(join(dir, '0001_ok.sql'), 'CREATE TABLE mt_ok (id int);');
    await writeFile(join(dir, '0002_bad.sql'), 'CREATE TABLE mt_half (id int); SELECT * FROM no_such_table;');
    await writeFile(join(dir, '0003_after.sql'), 'CREATE TABLE mt_after (id int);');
    await expect(migrate(db, [{ name: 'test', dir }])).rejects.toMatchObject({ code: 'migration_failed' });
    const tables = await db.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_name LIKE 'mt_%' ORDER BY 1`,
    );
    expect(tables.rows.map((r) => r.t)).toEqual(['mt_ok']);
    const recorded = await db.query(`SELECT name FROM copilot_migrations WHERE group_name = 'test'`);
    expect(recorded.rowCount).toBe(1);
  });

  it('refuses an applied migration whose file changed', async () => {
    await writeFile(join(dir, '0001_ok.sql'), 'CREATE TABLE mt_ok (id int, extra text);');
    await writeFile(join(dir, '0002_bad.sql'), 'SELECT 1;');
    await expect(migrate(db, [{ name: 'test', dir }])).rejects.toThrow(/changed after it was applied/);
  });
});
