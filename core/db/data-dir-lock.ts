import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') {
      return {
        pid: parsed.pid,
        hostname: parsed.hostname,
        command: String(parsed.command ?? ''),
        startedAt: String(parsed.startedAt ?? ''),
      };
    }
  } catch {
    // unreadable or half-written lock: treated as stale below
  }
  return undefined;
}

/**
 * Takes an exclusive lock on a data directory. A lock left by a crashed process (its pid is gone on
 * this host) is taken over, so a crash never blocks the next start.
 */
export function acquireDataDirLock(dataDir: string, command = process.argv.slice(1).join(' ')): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'copilot.lock');
  const me: LockHolder = { pid: process.pid, hostname: hostname(), command, startedAt: new Date().toISOString() };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off('exit', release);
        const holder = readHolder(path);
        if (holder?.pid === me.pid && holder.hostname === me.hostname) rmSync(path, { force: true });
      };
      process.on('exit', release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      const stale = holder === undefined || (holder.hostname === me.hostname && holder.pid !== me.pid && !isAlive(holder.pid));
      if (!stale) throw new DatabaseLockedError(dataDir, holder);
      rmSync(path, { force: true });
    }
  }
  throw new DatabaseLockedError(dataDir, readHolder(path));
}
