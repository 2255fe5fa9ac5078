/**
 * Builds the install-time demo snapshot (cli/demo-snapshot.ts): exactly what a first `serve` does on an
 * empty embedded database — migrations, the start-up seed, the bundled runbooks — into a private data
 * directory, which is then closed and moved into place with its manifest.
 */
import { rmSync } from 'node:fs';
import type { Config } from '../core/config.ts';
import { migrateAll, openDatabase } from '../core/db/open.ts';
import type { SeedOptions } from '../core/seed/index.ts';
import { ingestBundledCorpus } from '../ingestion/bundled-corpus.ts';
import { printSeedSummary, runSeed } from './commands/seed.ts';
import { installSnapshot, PROJECT_ROOT, snapshotDir, snapshotSettings, sourceFingerprint, summaryOf } from './demo-snapshot.ts';

export interface BuiltSnapshot {
  dir: string;
  bytes: number;
  seedMs: number;
  totalMs: number;
  events: number;
  openExceptions: number;
}

export async function buildDemoSnapshot(
  config: Config,
  options: { root?: string; seed?: Omit<SeedOptions, 'orders' | 'force'>; log?: (line: string) => void } = {},
): Promise<BuiltSnapshot> {
  const started = performance.now();
  const root = options.root ?? PROJECT_ROOT;
  const log = options.log ?? (() => undefined);
  // Taken before anything runs: a source edited during the build makes the result stale, never current.
  const fingerprint = sourceFingerprint(root);
  const builtAt = new Date();
  const workDir = `${snapshotDir(root)}.data-${process.pid}`;
  rmSync(workDir, { recursive: true, force: true });
  try {
    const db = await openDatabase({ ...config, DATABASE_URL: undefined, COPILOT_DATA_DIR: workDir });
    let report: Awaited<ReturnType<typeof runSeed>>;
    try {
      await migrateAll(db);
      log(`seeding the demo tenants (${config.COPILOT_SEED_ORDERS} background orders)…`);
      report = await runSeed(db, { ...options.seed, orders: config.COPILOT_SEED_ORDERS }, { progress: false });
      const knowledge = await ingestBundledCorpus(db, undefined, { config });
      log(`indexed ${knowledge.added.length} bundled runbooks`);
    } finally {
      await db.close();
    }
    const installed = installSnapshot(
      workDir,
      {
        version: 1,
        fingerprint,
        builtAt: builtAt.toISOString(),
        settings: snapshotSettings(config),
        summary: summaryOf(report, (seeded, write) => printSeedSummary(seeded, write, { serving: { embedded: true } })),
        seedMs: report.durationMs,
      },
      root,
    );
    return {
      ...installed,
      seedMs: report.durationMs,
      totalMs: performance.now() - started,
      events: report.totals.events,
      openExceptions: report.totals.openExceptions,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
