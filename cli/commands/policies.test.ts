import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../core/db/pglite.ts';
import { runCli as run, useTempDataDir } from '../testing/run-cli.ts';

describe('copilot policies and audit commands', () => {
  const tempDir = useTempDataDir('copilot-policies-cli-', 'data', { migrated: true });
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    await writeFile(join(dir, 'bad.yaml'), 'format: 1\nrules:\n  - id: r1\n    tool: issue_refund\n    decision: alow\n    reason: x\n');
    await writeFile(
      join(dir, 'good.yaml'),
      'format: 1\nrules:\n  - id: r1\n    tool: issue_refund\n    decision: deny\n    reason: No refunds today.\n',
    );
    await run('tenants', 'create', '--slug', 'cli-test', '--name', 'CLI Test');
  });

  it('validates a file, naming line, column and field of each problem', async () => {
    const bad = await run('policies', 'validate', join(dir, 'bad.yaml'));
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain('bad.yaml:5:15: rules[0].decision: Invalid option');
    const good = await run('policies', 'validate', join(dir, 'good.yaml'), '--json');
    expect(good.exitCode).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ valid: true, rules: 1 });
  });

  it('applies a valid policy, rejects an invalid one whole, and shows the version in force', async () => {
    expect(JSON.parse((await run('policies', 'apply', join(dir, 'good.yaml'), '--tenant', 'cli-test', '--json')).stdout)).toMatchObject({
      version: 1,
      unchanged: false,
      rules: 1,
    });
    const rejected = await run('policies', 'apply', join(dir, 'bad.yaml'), '--tenant', 'cli-test');
    expect(rejected.exitCode).toBe(1);
    expect(rejected.stdout).toContain(':5:15: rules[0].decision');
    const shown = JSON.parse((await run('policies', 'show', '--tenant', 'cli-test', '--json')).stdout);
    expect(shown).toMatchObject({ version: 1, document: { rules: [{ id: 'r1', decision: 'deny' }] } });
    expect((await run('policies', 'show', '--tenant', 'cli-test')).stdout).toContain('reason: No refunds today.');
    expect(JSON.parse((await run('policies', 'show', '--tenant', 'cli-test', '--version', '1', '--json')).stdout)).toMatchObject({
      version: 1,
    });
    const fractional = await run('policies', 'show', '--tenant', 'cli-test', '--version', '1.9');
    expect(fractional.exitCode).toBe(2);
    expect(fractional.stderr).toContain('invalid policies show options: --version: must be a whole number 1 or more');
  });

  it('verifies the audit chain and exits 1 naming the altered entry', async () => {
    const intact = await run('audit', 'verify', '--json');
    expect(intact.exitCode).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, tenants: [{ entries: 2, ok: true }] });
    const db = await openPglite(process.env.COPILOT_DATA_DIR!);
    try {
      await db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(`UPDATE audit_log SET actor = '{"kind":"operator","name":"someone-else"}' WHERE seq = 1`);
      });
    } finally {
      await db.close();
    }
    const broken = await run('audit', 'verify');
    expect(broken.exitCode).toBe(1);
    expect(broken.stdout).toMatch(/seq 1 \[hash_mismatch\]/);
    expect(broken.stdout).toContain('FAILED');
  });
});
