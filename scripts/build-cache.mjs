// A cache for files `npm ci` derives from installed packages (the compact word vectors), kept outside
// node_modules so that the next clean install on the same machine or CI cache copies the file instead
// of building it again. An entry is named by a hash of everything its content depends on; a file
// that differs in any of them gets a new name, so a cache entry is never stale, only unused.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** `$XDG_CACHE_HOME/ops-copilot` or `~/.cache/ops-copilot`. */
export function cacheDirectory(environment = process.env) {
  const base = environment.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'ops-copilot');
}

/**
 * The hash naming an entry: each input's file name and bytes (files) or text (strings), in the order
 * given. Only a file's base name counts, not its folder: clones in other directories share entries.
 * @param {Array<{ file: string } | { text: string }>} inputs
 */
export function cacheKey(inputs) {
  const hash = createHash('sha256');
  for (const input of inputs) {
    if ('file' in input) hash.update(`file ${basename(input.file)}\n`).update(readFileSync(input.file));
    else hash.update(`text ${input.text}\n`);
    hash.update('\n');
  }
  return hash.digest('hex').slice(0, 32);
}

/** The source files of one folder (not tests), sorted, as cache inputs. */
export function folderSources(folder) {
  return readdirSync(folder)
    .filter((name) => /\.(ts|mjs|js)$/.test(name) && !/\.test\./.test(name))
    .sort()
    .map((name) => ({ file: join(folder, name) }));
}

/** Copies a file so that readers see the whole file or none (a temporary name, then a rename). */
function copyAtomically(from, to) {
  const temporary = `${to}.${process.pid}.tmp`;
  try {
    copyFileSync(from, temporary);
    renameSync(temporary, to);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Copies the cached entry to `target` when there is one that `accept(bytes)` takes; answers whether it did.
 * A missing, unreadable or rejected entry answers false (the caller builds).
 */
export function restoreFromCache(directory, name, target, accept = () => true) {
  const entry = join(directory, name);
  let bytes;
  try {
    bytes = readFileSync(entry);
  } catch {
    return false;
  }
  if (!accept(bytes)) return false;
  mkdirSync(dirname(target), { recursive: true });
  copyAtomically(entry, target);
  return true;
}

/** Stores `source` as the entry `name`; a cache that cannot be written is reported, never fatal. */
export function storeInCache(directory, name, source) {
  try {
    mkdirSync(directory, { recursive: true });
    copyAtomically(source, join(directory, name));
    return { stored: true };
  } catch (error) {
    return { stored: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
