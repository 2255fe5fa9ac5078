import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import type { Database } from './database.ts';

/** A folder's ordered SQL migrations. Files are named NNNN_description.sql and applied in name order. */
export interface MigrationGroup {
  name: string;
  dir: string;
}

export interface Migration {
  group: string;
  name: string;
  sql: string;
  checksum: string;
  /** Extensions its `-- copilot:requires-extension NAME` blocks need (left out where the server lacks them). */
  extensions: string[];
}

/**
 * A block a migration applies only where the server has an extension (pgvector's `vector` on
 * PostgreSQL without it: the knowledge index then has no embedding column and search is text only):
 *
 *   -- copilot:requires-extension vector
 *   …statements, or lines of one…
 *   -- copilot:end-requires-extension
 *
 * The directive lines are not part of the checksum, so marking a block in a migration that is already
 * applied changes nothing for existing databases.
 */
const REQUIRES_START = /^--\s*copilot:requires-extension\s+([a-z0-9_]+)\s*$/;
const REQUIRES_END = /^--\s*copilot:end-requires-extension\s*$/;

/** The migration's SQL for a server with these extensions available (blocks for others left out). */
export function migrationSqlFor(sql: string, available: ReadonlySet<string>): string {
  const kept: string[] = [];
  let skipping: string | undefined;
  for (const line of sql.split('\n')) {
    const start = REQUIRES_START.exec(line.trim());
    if (start) {
      skipping = available.has(start[1]!) ? undefined : start[1];
      continue;
    }
    if (REQUIRES_END.test(line.trim())) {
      skipping = undefined;
      continue;
    }
    if (skipping === undefined) kept.push(line);
  }
  return kept.join('\n');
}

function requiredExtensions(sql: string): string[] {
  const names = new Set<string>();
  for (const line of sql.split('\n')) {
    const start = REQUIRES_START.exec(line.trim());
    if (start) names.add(start[1]!);
  }
  return [...names];
}

function checksumOf(sql: string): string {
  const withoutDirectives = sql
    .split('\n')
    .filter((line) => !REQUIRES_START.test(line.trim()) && !REQUIRES_END.test(line.trim()))
    .join('\n');
  return createHash('sha256').update(withoutDirectives).digest('hex');
}

/**
 * Whether the server can create this extension: already installed, or creatable now (it is created,
 * as the migration needing it would). False when the server does not ship it.
 */
export async function extensionAvailable(db: Database, name: string): Promise<boolean> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new MigrationError(`invalid extension name ${JSON.stringify(name)}`);
  const installed = await db.query('SELECT 1 FROM pg_extension WHERE extname = $1', [name]);
  if (installed.rowCount > 0) return true;
  const shipped = await db.query('SELECT 1 FROM pg_available_extensions WHERE name = $1', [name]);
  if (shipped.rowCount > 0) return true;
  // PGlite loads bundled extensions without listing them: try.
  try {
    await db.exec(`CREATE EXTENSION IF NOT EXISTS ${name}`);
    return true;
  } catch {
    return false;
  }
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends AppError {
  constructor(message: string, details?: unknown, cause?: unknown) {
    super('migration_failed', message, details, { cause });
  }
}

/**
 * Numbers that two core migrations share, from before this check. A migration is recorded by its file
 * name (copilot_migrations has group and name), so renaming one would make every existing database
 * apply it a second time; these pairs keep their names, and their order (name order) is unchanged.
 */
export const HISTORICAL_DUPLICATE_NUMBERS: Readonly<Record<string, readonly string[]>> = { core: ['0007', '0008', '0009'] };

/** Numbers used by more than one migration file of a group, apart from the historical ones. */
export function duplicateMigrationNumbers(group: string, files: readonly string[]): string[] {
  const seen = new Map<string, number>();
  for (const file of files) seen.set(file.slice(0, 4), (seen.get(file.slice(0, 4)) ?? 0) + 1);
  const allowed = HISTORICAL_DUPLICATE_NUMBERS[group] ?? [];
  return [...seen].filter(([number, count]) => count > 1 && !allowed.includes(number)).map(([number]) => number);
}

export function loadMigrations(groups: readonly MigrationGroup[]): Migration[] {
  const migrations: Migration[] = [];
  for (const group of groups) {
    if (!existsSync(group.dir)) continue;
    const files = readdirSync(group.dir)
      .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
      .sort();
    const duplicates = duplicateMigrationNumbers(group.name, files);
    if (duplicates.length > 0) {
      throw new MigrationError(
        `migrations of ${group.name} share the number ${duplicates.join(', ')}: give the newer file the next free number`,
        { group: group.name, numbers: duplicates },
      );
    }
    for (const file of files) {
      const sql = readFileSync(join(group.dir, file), 'utf8');
      migrations.push({ group: group.name, name: file, sql, checksum: checksumOf(sql), extensions: requiredExtensions(sql) });
    }
  }
  return migrations;
}

const LOCK_KEY = 7_420_001; // advisory lock shared by every process migrating this database

/**
 * Applies pending migrations, each in its own transaction (a failure rolls that migration back whole
 * and stops). Applying twice is a no-op; an applied migration whose file changed is an error.
 */
export async function migrate(
  db: Database,
  groups: readonly MigrationGroup[],
  onApplied: (migration: Migration) => void = () => {},
): Promise<MigrationReport> {
  const creating = db.exec(`
    CREATE TABLE IF NOT EXISTS copilot_migrations (
      group_name text NOT NULL,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (group_name, name)
    )`);
  // The files are read while the database runs that statement (on its own thread or server): every
  // command that opens the database waits for this check (38 files, 6–10 ms of CPU at load 22).
  let migrations: Migration[] = [];
  let unreadable: unknown;
  try {
    migrations = loadMigrations(groups);
  } catch (error) {
    unreadable = error;
  }
  await creating; // its failure first, as when the files were read after it
  if (unreadable !== undefined) throw unreadable;
  const report: MigrationReport = { applied: [], alreadyApplied: 0 };
  // Fast path for every start after the first: one read shows whether anything is pending or changed.
  const recorded = await db.query<{ group_name: string; name: string; checksum: string }>(
    'SELECT group_name, name, checksum FROM copilot_migrations',
  );
  const known = new Map(recorded.rows.map((row) => [`${row.group_name}/${row.name}`, row.checksum]));
  if (migrations.every((migration) => known.get(`${migration.group}/${migration.name}`) === migration.checksum)) {
    return { applied: [], alreadyApplied: migrations.length };
  }
  const available = new Set<string>();
  for (const name of new Set(migrations.flatMap((migration) => migration.extensions))) {
    if (await extensionAvailable(db, name)) available.add(name);
  }
  for (const migration of migrations) {
    const applied = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const existing = await tx.query<{ checksum: string }>('SELECT checksum FROM copilot_migrations WHERE group_name = $1 AND name = $2', [
        migration.group,
        migration.name,
      ]);
      const row = existing.rows[0];
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.group}/${migration.name} was changed after it was applied; add a new migration instead`,
            { group: migration.group, name: migration.name },
          );
        }
        return false;
      }
      try {
        await tx.exec(migration.extensions.length > 0 ? migrationSqlFor(migration.sql, available) : migration.sql);
      } catch (error) {
        throw new MigrationError(
          `migration ${migration.group}/${migration.name} failed and was rolled back: ${(error as Error).message}`,
          { group: migration.group, name: migration.name },
          error,
        );
      }
      await tx.query('INSERT INTO copilot_migrations (group_name, name, checksum) VALUES ($1, $2, $3)', [
        migration.group,
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (applied) {
      report.applied.push(`${migration.group}/${migration.name}`);
      onApplied(migration);
    } else {
      report.alreadyApplied++;
    }
  }
  return report;
}
