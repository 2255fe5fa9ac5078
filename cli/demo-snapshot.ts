/**
 * The demo database built once at install time (npm's `prepare` runs `copilot demo-snapshot --install`)
 * and copied into place on the first `npm start`, so a fresh clone is healthy, seeded and indexed in
 * seconds instead of minutes. Seeding simulates 90 days of operations event by event (minutes of work);
 * copying a closed PGlite data directory takes well under a second.
 *
 * The copy is used only when it is what seeding would produce now: built from the same sources
 * (a fingerprint of every product source file and package-lock.json), with the same settings
 * (start-up seed orders, embedder, chunking), and recently (the demo timeline ends at the build time;
 * after SNAPSHOT_MAX_AGE_HOURS the demo's "last 90 days" would visibly lag). Anything else — missing,
 * stale, unreadable — and `serve` seeds as before.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Config } from '../core/config.ts';
import type { SeedReport } from '../core/seed/index.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SNAPSHOT_DIR_NAME = '.demo-snapshot';
/** The demo timeline ends when the snapshot was built; older than this, `serve` seeds afresh. */
export const SNAPSHOT_MAX_AGE_HOURS = 24;
const MANIFEST = 'manifest.json';
const PGDATA = 'pgdata';

/** Everything besides the sources that decides what the start-up seed and runbook index contain. */
export const snapshotSettingsSchema = z.object({
  seedOrders: z.number().int().min(0),
  embeddings: z.string().max(200),
  embeddingDimensions: z.number().int().nullable(),
  chunkSize: z.number().int(),
  chunkOverlap: z.number().int(),
});
export type SnapshotSettings = z.infer<typeof snapshotSettingsSchema>;

export const snapshotManifestSchema = z.object({
  version: z.literal(1),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  builtAt: z.iso.datetime(),
  settings: snapshotSettingsSchema,
  /** The seed summary as `serve` printed it when building, shown again when the copy is used. */
  summary: z.array(z.string().max(2000)).max(100),
  seedMs: z.number().nonnegative(),
});
export type SnapshotManifest = z.infer<typeof snapshotManifestSchema>;

export function snapshotSettings(config: Config): SnapshotSettings {
  return {
    seedOrders: config.COPILOT_SEED_ORDERS,
    embeddings: config.COPILOT_EMBEDDINGS,
    embeddingDimensions: config.COPILOT_EMBEDDING_DIMENSIONS ?? null,
    chunkSize: config.COPILOT_CHUNK_SIZE,
    chunkOverlap: config.COPILOT_CHUNK_OVERLAP,
  };
}

const SOURCE_FILE = /\.(ts|tsx|mjs|sql)$/;
/** Not product code: tests, docs, benchmarks, build output, data directories, dependencies. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'docs', 'test', 'bench', 'coverage', 'screenshots', 'test-results', 'scratch-prof']);

function sourceFiles(root: string, dir = root, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) sourceFiles(root, path, found);
    } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      found.push(relative(root, path));
    }
  }
  return found;
}

/** A hash of every product source file (paths and contents) and the lock file: any change makes a snapshot stale. */
export function sourceFingerprint(root = PROJECT_ROOT): string {
  const hash = createHash('sha256');
  const files = sourceFiles(root).sort();
  const lock = join(root, 'package-lock.json');
  if (existsSync(lock)) files.push('package-lock.json');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function snapshotDir(root = PROJECT_ROOT): string {
  return join(root, SNAPSHOT_DIR_NAME);
}

export type SnapshotStatus = { usable: true; manifest: SnapshotManifest } | { usable: false; reason: string };

/** Whether the snapshot under root may stand in for seeding now with these settings. */
export function snapshotStatus(
  settings: SnapshotSettings,
  options: { root?: string; now?: Date; fingerprint?: string } = {},
): SnapshotStatus {
  const dir = snapshotDir(options.root);
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath) || !existsSync(join(dir, PGDATA))) return { usable: false, reason: 'no demo snapshot was built' };
  let manifest: SnapshotManifest;
  try {
    manifest = snapshotManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  } catch (error) {
    return { usable: false, reason: `the demo snapshot's manifest is unreadable (${(error as Error).message.slice(0, 200)})` };
  }
  const ageHours = ((options.now ?? new Date()).getTime() - Date.parse(manifest.builtAt)) / 3_600_000;
  if (ageHours > SNAPSHOT_MAX_AGE_HOURS || ageHours < -1)
    return {
      usable: false,
      reason: `the demo snapshot is ${Math.round(ageHours)} h old (its timeline ends when it was built; limit ${SNAPSHOT_MAX_AGE_HOURS} h)`,
    };
  const differing = (Object.keys(settings) as Array<keyof SnapshotSettings>).filter((key) => settings[key] !== manifest.settings[key]);
  if (differing.length) return { usable: false, reason: `the demo snapshot was built with other settings (${differing.join(', ')})` };
  if (manifest.fingerprint !== (options.fingerprint ?? sourceFingerprint(options.root)))
    return { usable: false, reason: 'the demo snapshot was built from other sources (they changed since)' };
  return { usable: true, manifest };
}

/**
 * Copies the snapshot's database into `<dataDir>/pgdata` when that does not exist yet. The copy goes to
 * a private directory first and is renamed into place, so a process that starts at the same moment
 * never opens a half-copied database (of two, one rename wins; the other copy is removed).
 * Returns whether the database now there is the snapshot's copy made by this call.
 */
export function restoreSnapshot(dataDir: string, root = PROJECT_ROOT): boolean {
  const target = join(resolve(dataDir), PGDATA);
  if (existsSync(target)) return false;
  const staging = join(resolve(dataDir), `.pgdata-restore-${process.pid}-${Date.now()}`);
  mkdirSync(resolve(dataDir), { recursive: true });
  try {
    cpSync(join(snapshotDir(root), PGDATA), staging, { recursive: true });
    renameSync(staging, target);
    return true;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(target)) return false;
    throw error;
  }
}

/** The snapshot's database is a closed PGlite data directory; this writes it and its manifest in place of any older one. */
export function installSnapshot(builtDataDir: string, manifest: SnapshotManifest, root = PROJECT_ROOT): { dir: string; bytes: number } {
  const dir = snapshotDir(root);
  const staging = `${dir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(join(builtDataDir, PGDATA), join(staging, PGDATA), { recursive: true });
  writeFileSync(join(staging, MANIFEST), `${JSON.stringify(snapshotManifestSchema.parse(manifest), null, 1)}\n`);
  const old = `${dir}.old-${process.pid}`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(staging, dir);
  rmSync(old, { recursive: true, force: true });
  return { dir, bytes: directorySize(join(dir, PGDATA)) };
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directorySize(path) : statSync(path).size;
  }
  return total;
}

/** The lines `serve` prints for a seed: kept in the manifest so the restored start shows the same summary. */
export function summaryOf(report: SeedReport, print: (report: SeedReport, write: (line: string) => void) => void): string[] {
  const lines: string[] = [];
  print(report, (line) => lines.push(line));
  return lines;
}

/**
 * What `serve` does before opening the embedded database: on a data directory without a database,
 * with demo seeding on, copy the snapshot when it is current; otherwise say why not (seeding follows).
 */
export function restoreDemoSnapshotOnStart(
  config: Config,
  write: (line: string) => void,
  root = PROJECT_ROOT,
): SnapshotManifest | undefined {
  if (!config.COPILOT_SEED_ON_START || !config.COPILOT_DEMO_SNAPSHOT) return undefined;
  if (existsSync(join(resolve(config.COPILOT_DATA_DIR), PGDATA))) return undefined;
  const status = snapshotStatus(snapshotSettings(config), { root });
  if (!status.usable) {
    write(`demo snapshot not used: ${status.reason}`);
    return undefined;
  }
  try {
    if (!restoreSnapshot(config.COPILOT_DATA_DIR, root)) return undefined;
  } catch (error) {
    write(`demo snapshot not used: copying it failed (${(error as Error).message})`);
    return undefined;
  }
  write(
    `empty database: copied the demo database built at install time (${status.manifest.builtAt}; seeding it took ` +
      `${(status.manifest.seedMs / 1000).toFixed(1)} s; \`copilot seed --force\` re-seeds up to now)`,
  );
  return status.manifest;
}
