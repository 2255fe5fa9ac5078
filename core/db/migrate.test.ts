import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/test-db.ts';
import type { Database } from './database.ts';
import { duplicateMigrationNumbers, HISTORICAL_DUPLICATE_NUMBERS, loadMigrations, migrate, migrationSqlFor } from './migrate.ts';
import { ALL_MIGRATION_GROUPS } from './migration-groups.ts';
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

  it('records a migration by its file name, so a renamed file would be applied again (why old numbers stay)', async () => {
    const renames = await mkdtemp(join(tmpdir(), 'copilot-migrations-'));
    await writeFile(join(renames, '0001_counter.sql'), 'CREATE TABLE IF NOT EXISTS mt_counter (n int); INSERT INTO mt_counter VALUES (1);');
    await migrate(db, [{ name: 'renames', dir: renames }]);
    await rename(join(renames, '0001_counter.sql'), join(renames, '0002_counter.sql'));
    expect((await migrate(db, [{ name: 'renames', dir: renames }])).applied).toEqual(['renames/0002_counter.sql']);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM mt_counter')).rows[0]!.n).toBe(2);
  });

  it('refuses two migrations of a group with the same number, before applying anything', async () => {
    const twins = await mkdtemp(join(tmpdir(), 'copilot-migrations-'));
    await writeFile(join(twins, '0001_first.sql'), 'CREATE TABLE mt_twin_a (id int);');
    await writeFile(join(twins, '0001_second.sql'), 'CREATE TABLE mt_twin_b (id int);');
    await expect(migrate(db, [{ name: 'twins', dir: twins }])).rejects.toThrow(/share the number 0001/);
    const tables = await db.query("SELECT 1 FROM pg_tables WHERE tablename IN ('mt_twin_a', 'mt_twin_b')");
    expect(tables.rowCount).toBe(0);
  });

  it('no group has a duplicate number beyond the historical core pairs, and those pairs still exist as named', () => {
    for (const group of ALL_MIGRATION_GROUPS.filter((each) => existsSync(each.dir))) {
      const files = readdirSync(group.dir).filter((file) => file.endsWith('.sql'));
      expect(duplicateMigrationNumbers(group.name, files), group.name).toEqual([]);
    }
    const core = readdirSync(ALL_MIGRATION_GROUPS.find((group) => group.name === 'core')!.dir);
    for (const number of HISTORICAL_DUPLICATE_NUMBERS.core!) expect(core.filter((file) => file.startsWith(`${number}_`))).toHaveLength(2);
    expect(duplicateMigrationNumbers('core', ['0007_a.sql', '0007_b.sql', '0012_a.sql', '0012_b.sql'])).toEqual(['0012']);
  });

  it('leaves out the blocks that need an extension the server lacks, and keeps directives out of the checksum', async () => {
    const sql = [
      'CREATE TABLE mx (',
      '  id int,',
      '-- copilot:requires-extension no_such_extension',
      '  extra no_such_type,',
      '-- copilot:end-requires-extension',
      '  name text',
      ');',
    ].join('\n');
    expect(migrationSqlFor(sql, new Set())).toBe('CREATE TABLE mx (\n  id int,\n  name text\n);');
    expect(migrationSqlFor(sql, new Set(['no_such_extension']))).toContain('extra no_such_type');

    const plain = await mkdtemp(join(tmpdir(), 'copilot-migrations-'));
    const marked = await mkdtemp(join(tmpdir(), 'copilot-migrations-'));
    await writeFile(
      join(plain, '0001_x.sql'),
      sql
        .split('\n')
        .filter((line) => !line.startsWith('-- copilot:'))
        .join('\n'),
    );
    await writeFile(join(marked, '0001_x.sql'), sql);
    // A block marked in a migration already applied does not count as a change.
    expect(loadMigrations([{ name: 'x', dir: marked }])[0]!.checksum).toBe(loadMigrations([{ name: 'x', dir: plain }])[0]!.checksum);
    expect(loadMigrations([{ name: 'x', dir: marked }])[0]!.extensions).toEqual(['no_such_extension']);

    await expect(migrate(db, [{ name: 'x', dir: marked }])).resolves.toMatchObject({ applied: ['x/0001_x.sql'] });
    const columns = await db.query<{ c: string }>(
      `SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'mx' ORDER BY ordinal_position`,
    );
    expect(columns.rows.map((row) => row.c)).toEqual(['id', 'name']);
  });
});
