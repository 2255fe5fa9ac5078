import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { createTestDb } from '../testing/test-db.ts';
import { createTenant, type Tenant } from '../tenants/tenants.ts';
import { listDeadLetters } from './dead-letters.ts';
import { checkEventsFile, importEventsFile } from './import-events-file.ts';

const execFileAsync = promisify(execFile);

describe('importEventsFile', () => {
  let db: Database;
  let tenant: Tenant;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await createTenant(db, { slug: 'import-shop', name: 'Import Shop' });
    dir = await mkdtemp(join(tmpdir(), 'copilot-import-'));
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every good line, dead-letters bad ones with their line numbers, and never stops', async () => {
    const lines = [
      {
        id: 'l1',
        type: 'location.upserted',
        occurredAt: '2025-05-01T09:00:00Z',
        data: { code: 'WH-1', name: 'Main DC', kind: 'warehouse' },
      },
      { id: 's1', type: 'sku.upserted', occurredAt: '2025-05-01T09:00:00Z', data: { code: 'SKU-1', name: 'Widget' } },
    ].map((event) => JSON.stringify(event));
    lines.push(
      '',
      '{"id": "broken"',
      JSON.stringify({
        id: 'r1',
        type: 'inventory.received',
        occurredAt: '2025-05-01T09:00:00Z',
        data: { sku: 'SKU-404', location: 'WH-1', quantity: 2 },
      }),
    );
    lines.push(
      JSON.stringify({
        id: 'r2',
        type: 'inventory.received',
        occurredAt: '2025-05-01T09:00:00Z',
        data: { sku: 'SKU-1', location: 'WH-1', quantity: 2 },
      }),
      lines[0]!,
    );
    const path = join(dir, 'events.jsonl');
    await writeFile(path, `${lines.join('\n')}\n`);
    const progress: number[] = [];
    const summary = await importEventsFile(db, tenant.id, path, { onProgress: ({ lines: done }) => progress.push(done) });
    expect(summary).toMatchObject({ lines: 6, applied: 3, duplicates: 1 });
    expect(summary.deadLettered.map((failure) => [failure.line, failure.code])).toEqual([
      [4, 'validation_failed'],
      [5, 'not_found'],
    ]);
    expect(summary.deadLettered[0]!.reason).toBe('not valid JSON');
    // Reported after each slice of lines (one transaction each): six lines are one slice.
    expect(progress).toEqual([6]);
    const stored = await listDeadLetters(db, { tenantId: tenant.id });
    expect(stored.map((letter) => letter.payload)).toContainEqual('{"id": "broken"');
  });

  it('says which path cannot be read and why: a directory, a missing file', async () => {
    await expect(importEventsFile(db, tenant.id, dir)).rejects.toMatchObject({
      code: 'validation_failed',
      message: `cannot read events file ${dir}: is a directory`,
    });
    const missing = join(dir, 'missing.jsonl');
    await expect(importEventsFile(db, tenant.id, missing)).rejects.toMatchObject({
      code: 'validation_failed',
      message: `cannot read events file ${missing}: does not exist`,
    });
    await expect(checkEventsFile(dir)).rejects.toThrow(`cannot read events file ${dir}: is a directory`);
    await expect(checkEventsFile(missing)).rejects.toThrow(`cannot read events file ${missing}: does not exist`);
  });

  // root reads any file whatever its mode: as root the check runs in a child process as nobody (65534).
  it('says a file it may not read is not readable', async () => {
    const locked = join(dir, 'locked.jsonl');
    await writeFile(locked, '');
    await chmod(locked, 0o000);
    const expected = `cannot read events file ${locked}: not readable (permission denied)`;
    if (process.getuid?.() !== 0) {
      await expect(checkEventsFile(locked)).rejects.toThrow(expected);
      return;
    }
    await chmod(dir, 0o755);
    const script = `import { checkEventsFile } from ${JSON.stringify(new URL('./import-events-file.ts', import.meta.url).href)};
      checkEventsFile(${JSON.stringify(locked)}).then(() => console.log('read'), (error) => console.log(error.message));`;
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      uid: 65_534,
      gid: 65_534,
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir() },
    });
    expect(stdout.trim()).toBe(expected);
  });
});
