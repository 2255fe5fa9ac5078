import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** A contender process (core/testing/lock-contender.ts), answering one line per command. */
interface Contender {
  pid: number;
  send(command: string): Promise<string>;
  exited: Promise<void>;
  kill(): void;
}

function startContender(): Promise<Contender> {
  const child = spawn(process.execPath, ['--import', 'tsx', CONTENDER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return next().then((ready) => {
    expect(ready).toBe('ready');
    return {
      pid: child.pid!,
      send(command) {
        const answer = next();
        child.stdin!.write(`${command}\n`);
        return answer;
      },
      exited,
      kill: () => child.kill('SIGKILL'),
    };
  });
}

const CONTENDER = fileURLToPath(new URL('../testing/lock-contender.ts', import.meta.url));
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
const lockFiles = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('copilot.lock'));

describe('acquireDataDirLock under contention (issue 12, defect 4)', () => {
  const CONTENDERS = 6;
  const ROUNDS = 12;
  let contenders: Contender[] = [];

  beforeAll(async () => {
    contenders = await Promise.all(Array.from({ length: CONTENDERS }, startContender));
  }, 120_000);
  afterAll(() => {
    for (const contender of contenders) contender.kill();
  });

  /** Every contender acquires at the same instant; exactly one may hold, and the files on disk must say it is that one. */
  async function round(dir: string, group: Contender[] = contenders): Promise<Contender> {
    const at = Date.now() + 150;
    const answers = await Promise.all(group.map((contender) => contender.send(`go ${dir} ${at}`)));
    const holders = group.filter((_, index) => answers[index]!.startsWith('held '));
    expect(answers.filter((answer) => !answer.startsWith('held ') && answer !== 'locked')).toEqual([]);
    expect(
      holders.map((holder) => holder.pid),
      `answers: ${answers.join(' | ')}`,
    ).toHaveLength(1);
    const files = lockFiles(dir);
    expect(files).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')).pid).toBe(holders[0]!.pid);
    return holders[0]!;
  }

  it('gives a fresh data directory to exactly one of many processes started together, every round', async () => {
    for (let index = 0; index < ROUNDS; index++) {
      const dir = mkdtempSync(join(tmpdir(), 'copilot-lock-race-'));
      const holder = await round(dir);
      expect(await holder.send('release')).toBe('released');
      expect(lockFiles(dir)).toEqual([]);
    }
  }, 300_000);

  it('lets exactly one of them take over a stale lock, every round (old single file and generations alike)', async () => {
    for (let index = 0; index < ROUNDS; index++) {
      const dir = mkdtempSync(join(tmpdir(), 'copilot-lock-stale-'));
      const name = index % 2 === 0 ? 'copilot.lock' : `copilot.lock.${index}`;
      writeFileSync(join(dir, name), JSON.stringify({ pid: deadPid(), hostname: hostname(), command: 'crashed', startedAt: '' }));
      const holder = await round(dir);
      expect(await holder.send('release')).toBe('released');
    }
  }, 300_000);

  it('hands the lock of a holder killed with SIGKILL to exactly one successor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'copilot-lock-kill-'));
    const victim = await startContender();
    expect(await victim.send(`go ${dir} 0`)).toMatch(/^held /);
    victim.kill();
    await victim.exited;
    await round(dir);
  }, 120_000);
});
