import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli as run, useTempDataDir } from '../testing/run-cli.ts';

describe('copilot events import', () => {
  const tempDir = useTempDataDir('copilot-events-cli-', 'data', { migrated: true });
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    const location = {
      id: 'l1',
      type: 'location.upserted',
      occurredAt: '2025-05-01T09:00:00Z',
      data: { code: 'WH-1', name: 'Main DC', kind: 'warehouse' },
    };
    await writeFile(join(dir, 'good.jsonl'), `${JSON.stringify(location)}\n`);
    await writeFile(join(dir, 'bad.jsonl'), '{"id": "broken"\nnot json at all\n');
    await writeFile(
      join(dir, 'mixed.jsonl'),
      `not json\n${JSON.stringify({ ...location, id: 'l2', data: { ...location.data, code: 'WH-2' } })}\n`,
    );
    await run('tenants', 'create', '--slug', 'events-cli', '--name', 'Events CLI');
  });

  it('exits 0 when every line was applied', async () => {
    const result = await run('events', 'import', join(dir, 'good.jsonl'), '--tenant', 'events-cli');
    expect(result.stdout).toContain('events-cli: 1 events read, 1 applied, 0 duplicate, 0 dead-lettered');
    expect(result.exitCode).toBe(0);
  });

  it('imports the good lines but exits 1 after the summary when any line was dead-lettered', async () => {
    const mixed = await run('events', 'import', join(dir, 'mixed.jsonl'), '--tenant', 'events-cli');
    expect(mixed.stdout).toContain('events-cli: 2 events read, 1 applied, 0 duplicate, 1 dead-lettered');
    expect(mixed.stdout).toContain(
      'list them with `copilot events dead-letters --tenant events-cli`, fix the cause, then replay them with `copilot events replay --tenant events-cli`',
    );
    expect(mixed.exitCode).toBe(1);

    const bad = await run('events', 'import', join(dir, 'bad.jsonl'), '--tenant', 'events-cli', '--json');
    expect(JSON.parse(bad.stdout)).toMatchObject({ tenant: 'events-cli', lines: 2, applied: 0, deadLetteredCount: 2 });
    expect(bad.exitCode).toBe(1);

    const letters = JSON.parse((await run('events', 'dead-letters', '--tenant', 'events-cli', '--json')).stdout) as unknown[];
    expect(letters).toHaveLength(3);
  });
});
