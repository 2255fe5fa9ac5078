/**
 * Where the retrieval benchmark's database lives. A fresh temporary directory by default (removed at
 * the end); `--keep DIR` builds into DIR and leaves it; `--index DIR` reuses an index a `--keep` run
 * left, so search experiments at 100,000 chunks need not pay the hour-long ingest again.
 */
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ValidationError } from '../../core/errors.ts';

export interface IndexDirectoryOptions {
  memory?: boolean;
  /** Build into this directory and leave it there. */
  keep?: string;
  /** Reuse the index a `keep` run left in this directory (no generation, no ingest). */
  reuse?: string;
}

export interface IndexDirectory {
  /** The PGlite data directory, or undefined for an in-memory database. */
  dataDir: string | undefined;
  /** True when the index is already built: the caller skips generation and ingest. */
  reused: boolean;
  /** Removes what this run created and was not asked to keep. */
  release(): Promise<void>;
}

const DATA_DIR = 'pgdata';

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export async function openIndexDirectory(options: IndexDirectoryOptions): Promise<IndexDirectory> {
  if (options.keep && options.reuse) throw new ValidationError('--keep and --index exclude each other: --index reuses what --keep left');
  if ((options.keep || options.reuse) && options.memory)
    throw new ValidationError('--keep and --index need an on-disk database, not --memory');
  if (options.reuse) {
    const dataDir = join(resolve(options.reuse), DATA_DIR);
    // A PostgreSQL data directory always holds PG_VERSION; anything else is not an index a --keep run left.
    if (!(await isDirectory(dataDir)) || !(await readdir(dataDir)).includes('PG_VERSION')) {
      throw new ValidationError(`--index ${options.reuse}: no kept index there (expected ${dataDir} from a --keep run)`);
    }
    return { dataDir, reused: true, release: async () => {} };
  }
  if (options.keep) {
    const root = resolve(options.keep);
    const dataDir = join(root, DATA_DIR);
    // Refuse to build over a kept index: it would mix two corpora in one database.
    if (await isDirectory(dataDir)) throw new ValidationError(`--keep ${options.keep}: ${dataDir} exists already; reuse it with --index`);
    await mkdir(root, { recursive: true });
    return { dataDir, reused: false, release: async () => {} };
  }
  if (options.memory) return { dataDir: undefined, reused: false, release: async () => {} };
  const root = await mkdtemp(join(tmpdir(), 'copilot-bench-retrieval-'));
  return { dataDir: join(root, DATA_DIR), reused: false, release: () => rm(root, { recursive: true, force: true }) };
}
