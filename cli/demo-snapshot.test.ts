import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.ts';
import type { Database } from '../core/db/database.ts';
import { migrateAll, openDatabase } from '../core/db/open.ts';
import { ingestBundledCorpus } from '../ingestion/bundled-corpus.ts';
import { runSeed } from './commands/seed.ts';
import { buildDemoSnapshot } from './demo-snapshot-build.ts';
import { restoreDemoSnapshotOnStart, snapshotSettings, snapshotStatus, sourceFingerprint } from './demo-snapshot.ts';

const TIMEOUT = 900_000;
// Small but complete: one demo tenant with its scenarios, 30 days, fixed "now" so both paths seed the same timeline.
const seed = { tenants: 1, days: 30, now: new Date('2026-03-10T12:00:00Z') };
const config = loadConfig({ COPILOT_SEED_ORDERS: '12', COPILOT_WORKER: '0' });

/**
 * Everything a first start leaves in the database that does not depend on random ids: rows per table,
 * exceptions, orders, stock. Read as the database owner (the operator role may not read every table).
 */
async function contentOf(db: Database) {
  return db.transaction(async (tx) => {
    const tables = (
      await tx.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
    ).rows.map((row) => row.name);
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0]!.n;
    const exceptions = (
      await tx.query(`SELECT type, status, severity, title, detected_at FROM exceptions ORDER BY detected_at, type, title, status`)
    ).rows;
    const orders = (await tx.query(`SELECT number, status, total::text, placed_at FROM orders ORDER BY number`)).rows;
    const balances = (
      await tx.query(
        `SELECT s.code AS sku, l.code AS location, b.status, b.quantity FROM inventory_balances b
           JOIN skus s ON s.id = b.sku_id JOIN locations l ON l.id = b.location_id ORDER BY s.code, l.code, b.status`,
      )
    ).rows;
    return { counts, exceptions, orders, balances };
  });
}

describe('the install-time demo snapshot', () => {
  let root: string;
  let restored: Database | undefined;
  let seeded: Database | undefined;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'copilot-snapshot-'));
  });
  afterAll(async () => {
    await restored?.close();
    await seeded?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it(
    'restores a database identical in content to seeding on start (rows per table, exceptions, orders, stock)',
    async () => {
      const built = await buildDemoSnapshot(config, { root, seed });
      expect(built.events).toBeGreaterThan(100);
      expect(snapshotStatus(snapshotSettings(config), { root }).usable).toBe(true);

      const lines: string[] = [];
      const restoredDir = join(root, 'restored');
      const manifest = restoreDemoSnapshotOnStart({ ...config, COPILOT_DATA_DIR: restoredDir }, (line) => lines.push(line), root);
      expect(manifest?.summary[0]).toMatch(/^seeded 1 tenants/);
      expect(lines.join('\n')).toMatch(/copied the demo database built at install time/);
      restored = await openDatabase({ ...config, COPILOT_DATA_DIR: restoredDir });
      await migrateAll(restored);

      // The path `serve` takes without a snapshot, with the same seed options.
      seeded = await openDatabase({ ...config, COPILOT_DATA_DIR: join(root, 'seeded') });
      await migrateAll(seeded);
      await runSeed(seeded, { ...seed, orders: config.COPILOT_SEED_ORDERS }, { progress: false });
      await ingestBundledCorpus(seeded, undefined, { config });

      const [fromSnapshot, fromSeed] = [await contentOf(restored), await contentOf(seeded)];
      expect(fromSnapshot.counts.orders).toBeGreaterThan(10);
      expect(fromSnapshot.exceptions.length).toBeGreaterThan(0);
      expect(fromSnapshot).toEqual(fromSeed);

      // A data directory that already has a database is never overwritten.
      expect(restoreDemoSnapshotOnStart({ ...config, COPILOT_DATA_DIR: restoredDir }, () => undefined, root)).toBeUndefined();
    },
    TIMEOUT,
  );

  it('is not used when it is missing, old, built with other settings or from other sources', () => {
    const settings = snapshotSettings(config);
    const empty = mkdtempSync(join(tmpdir(), 'copilot-no-snapshot-'));
    try {
      expect(snapshotStatus(settings, { root: empty })).toEqual({ usable: false, reason: 'no demo snapshot was built' });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const later = new Date(Date.now() + 25 * 3_600_000);
    expect(snapshotStatus(settings, { root, now: later })).toMatchObject({ usable: false, reason: expect.stringMatching(/h old/) });
    expect(snapshotStatus({ ...settings, seedOrders: 13 }, { root })).toMatchObject({
      usable: false,
      reason: expect.stringMatching(/other settings \(seedOrders\)/),
    });
    const before = sourceFingerprint(root);
    mkdirSync(join(root, 'core'), { recursive: true });
    writeFileSync(join(root, 'core', 'changed.ts'), 'export const changed = 1;\n');
    expect(sourceFingerprint(root)).not.toBe(before);
    expect(snapshotStatus(settings, { root })).toMatchObject({ usable: false, reason: expect.stringMatching(/other sources/) });
    // Tests are not product code: changing one leaves the snapshot current.
    rmSync(join(root, 'core', 'changed.ts'));
    writeFileSync(join(root, 'core', 'changed.test.ts'), 'export {};\n');
    expect(sourceFingerprint(root)).toBe(before);
  });
});
