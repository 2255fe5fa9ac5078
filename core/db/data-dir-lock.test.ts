import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DatabaseLockedError } from './data-dir-lock.ts';

describe('acquireDataDirLock', () => {
  it('refuses a second holder and names the first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copilot-lock-'));
    // A live process other than this one holds the lock: the parent of this test process.
    writeFileSync(
      join(dir, 'copilot.lock'),
      JSON.stringify({ pid: process.ppid, hostname: hostname(), command: 'copilot serve', startedAt: '2026-01-01T00:00:00Z' }),
    );
    let caught: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatabaseLockedError);
    expect((caught as Error).message).toMatch(new RegExp(`process ${process.ppid} .*copilot serve.*DATABASE_URL`));
  });

  it('takes over a lock left by a crashed process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copilot-lock-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    writeFileSync(join(dir, 'copilot.lock'), JSON.stringify({ pid: deadPid, hostname: hostname(), command: 'x', startedAt: '' }));
    const lock = acquireDataDirLock(dir);
    expect(existsSync(lock.path)).toBe(true);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('treats an unreadable lock file as stale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copilot-lock-'));
    writeFileSync(join(dir, 'copilot.lock'), '{"pid":');
    const lock = acquireDataDirLock(dir);
    lock.release();
  });
});
