/** Expands the paths given to `copilot ingest` into files: directories are walked recursively. */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatOf } from './load-file.ts';

export interface WalkedFile {
  path: string;
  /** The path it came from, as given (prune compares documents against these roots). */
  root: string;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Paths that could not be used, with the reason. */
  problems: Array<{ path: string; reason: string }>;
}

export async function walkPaths(paths: readonly string[]): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const problems: WalkResult['problems'] = [];
  const seen = new Set<string>();

  const visit = async (path: string, root: string, explicit: boolean): Promise<void> => {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      problems.push({ path, reason: `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      return;
    }
    if (info.isDirectory()) {
      const entries = (await readdir(path)).filter((name) => !name.startsWith('.')).sort();
      for (const name of entries) await visit(join(path, name), root, false);
      return;
    }
    // Inside a directory only supported extensions are picked up (README.org, images… are not
    // knowledge); a file named explicitly is always attempted, so its rejection is reported.
    if (!explicit && !formatOf(path)) {
      problems.push({ path, reason: 'unsupported file type, ignored' });
      return;
    }
    const absolute = resolve(path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ path, root });
  };

  for (const path of paths) await visit(path, path, true);
  return { files, problems };
}
