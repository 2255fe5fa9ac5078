import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutPath, parseSince } from './runs.ts';

describe('parseSince', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  it('accepts ISO dates and durations back from now', () => {
    expect(parseSince('2026-11-01', now).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('24h', now).toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(parseSince('7d', now).toISOString()).toBe('2026-11-15T12:00:00.000Z');
    expect(parseSince('30m', now).toISOString()).toBe('2026-11-22T11:30:00.000Z');
  });
  it('accepts ISO date-times, reading one without an offset as UTC', () => {
    expect(parseSince('2026-11-01T09:30:00Z', now).toISOString()).toBe('2026-11-01T09:30:00.000Z');
    expect(parseSince('2026-11-01T09:30:00.250+02:00', now).toISOString()).toBe('2026-11-01T07:30:00.250Z');
    expect(parseSince('2026-11-01T09:30', now).toISOString()).toBe('2026-11-01T09:30:00.000Z');
  });
  it('rejects anything else, naming --since and the accepted forms', () => {
    for (const value of [
      'yesterday',
      'yesterday 5',
      '12',
      'March 5',
      '2026-02-30',
      '2026-13-01',
      '2026-11-01T25:00Z',
      '0h',
      '7 weeks',
      '',
    ]) {
      expect(() => parseSince(value, now), value).toThrow(
        /--since must be an ISO date \(2026-11-01\), an ISO date-time .* or a duration back from now \(30m, 24h, 7d\)/,
      );
    }
  });
});

describe('checkOutPath', () => {
  it('accepts a new or existing file in an existing directory, and names --out otherwise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'copilot-runs-out-'));
    try {
      await writeFile(join(dir, 'keep.jsonl'), 'precious\n');
      await expect(checkOutPath(join(dir, 'keep.jsonl'))).resolves.toBeUndefined();
      await expect(checkOutPath(join(dir, 'new.jsonl'))).resolves.toBeUndefined();
      await expect(checkOutPath(dir)).rejects.toThrow(/--out .*: is a directory/);
      await expect(checkOutPath(join(dir, 'missing', 'x.jsonl'))).rejects.toThrow(/--out .*: directory .*missing does not exist/);
      expect(await readFile(join(dir, 'keep.jsonl'), 'utf8')).toBe('precious\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
