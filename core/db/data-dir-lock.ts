/**
 * One process per embedded-database data directory (PGlite allows one writer).
 *
 * The lock is a generation of files `copilot.lock.<n>`; the highest generation present is the lock.
 * Every generation file is created exactly once, complete: its content is written to a private temp
 * file and hard-linked into place (link fails if the name exists), so a reader never sees a half-
 * written lock, and of several processes creating the same generation exactly one succeeds.
 * A stale lock (its holder's pid is gone on this host) is never deleted and re-created under the same
 * name — which is what raced — but superseded: the taker creates generation n+1, again exclusively.
 * After creating its generation a process checks that no higher one exists; if one does, it yields.
 * `copilot.lock` (the single-file lock of earlier versions) counts as generation 0.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors.ts';

/** Who holds the embedded database; written into the lock file so a second process can say so. */
export interface LockHolder {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
}

export class DatabaseLockedError extends AppError {
  readonly holder: LockHolder | undefined;
  constructor(dataDir: string, holder: LockHolder | undefined) {
    const who = holder ? `process ${holder.pid} on ${holder.hostname} ("${holder.command}", since ${holder.startedAt})` : 'another process';
    super(
      'database_locked',
      `the embedded database in ${dataDir} is in use by ${who}. PGlite allows one process at a time: ` +
        'stop that process (for example the running `copilot serve`) and retry, or point both at a shared ' +
        'PostgreSQL server with DATABASE_URL.',
      { dataDir, holder },
    );
    this.holder = holder;
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

const LEGACY_NAME = 'copilot.lock';
const GENERATION = /^copilot\.lock\.(\d{1,15})$/;
const TEMP = /^copilot\.lock\.tmp-(\d+)-[0-9a-f]+$/;
/** Enough for any real contention (each round one process wins); a bound instead of a spin. */
const MAX_ATTEMPTS = 50;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder in a lock file; undefined when it is gone or unreadable (a crash before its data reached the disk). */
function readHolder(path: string): { holder: LockHolder | undefined; exists: boolean } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { holder: undefined, exists: false };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') {
      return {
        exists: true,
        holder: {
          pid: parsed.pid,
          hostname: parsed.hostname,
          command: String(parsed.command ?? ''),
          startedAt: String(parsed.startedAt ?? ''),
        },
      };
    }
  } catch {
    // unreadable: treated as stale below
  }
  return { holder: undefined, exists: true };
}

interface Generation {
  number: number;
  path: string;
}

function generations(dir: string): Generation[] {
  const found: Generation[] = [];
  for (const name of readdirSync(dir)) {
    if (name === LEGACY_NAME) found.push({ number: 0, path: join(dir, name) });
    const match = GENERATION.exec(name);
    if (match) found.push({ number: Number(match[1]), path: join(dir, name) });
  }
  return found.sort((a, b) => a.number - b.number);
}

/** Creates `path` holding `content`, complete, or fails with EEXIST: write a private file, fsync, hard-link. */
function createComplete(dir: string, path: string, content: string): boolean {
  const temp = join(dir, `copilot.lock.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Generations below the held one and temp files of dead processes: nobody can hold or finish them any more. */
function removeLeftovers(dir: string, held: number, me: LockHolder): void {
  for (const generation of generations(dir)) if (generation.number < held) rmSync(generation.path, { force: true });
  for (const name of readdirSync(dir)) {
    const match = TEMP.exec(name);
    if (match && Number(match[1]) !== me.pid && !isAlive(Number(match[1]))) rmSync(join(dir, name), { force: true });
  }
}

/**
 * Takes an exclusive lock on a data directory. A lock left by a crashed process (its pid is gone on
 * this host) is taken over, so a crash never blocks the next start.
 */
export function acquireDataDirLock(dataDir: string, command = process.argv.slice(1).join(' ')): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const me: LockHolder = { pid: process.pid, hostname: hostname(), command, startedAt: new Date().toISOString() };
  // The nonce makes this holder's file unique, even for a pid reused after a reboot.
  const content = JSON.stringify({ ...me, nonce: randomBytes(8).toString('hex') });
  let lastHolder: LockHolder | undefined;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const highest = generations(dataDir).at(-1);
    let next = 1;
    if (highest) {
      const { holder, exists } = readHolder(highest.path);
      if (!exists) continue; // released meanwhile: look again
      lastHolder = holder;
      const stale = holder === undefined || (holder.hostname === me.hostname && holder.pid !== me.pid && !isAlive(holder.pid));
      if (!stale) throw new DatabaseLockedError(dataDir, holder);
      next = highest.number + 1;
    }
    const path = join(dataDir, `copilot.lock.${next}`);
    if (!createComplete(dataDir, path, content)) continue; // another process created this generation first
    // A process that judged an older generation stale may have linked a higher one meanwhile: then it wins.
    if (generations(dataDir).some((generation) => generation.number > next)) {
      rmSync(path, { force: true });
      continue;
    }
    removeLeftovers(dataDir, next, me);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      process.off('exit', release);
      // Only this process ever creates this generation's name, so removing it by name removes our own.
      rmSync(path, { force: true });
    };
    process.on('exit', release);
    return { path, release };
  }
  throw new DatabaseLockedError(dataDir, lastHolder);
}
