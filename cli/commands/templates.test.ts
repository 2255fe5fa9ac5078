import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run, useTempDataDir } from '../testing/run-cli.ts';

const EXAMPLE = new URL('../../templates/examples/standard-merchant', import.meta.url).pathname;
const scratch = await mkdtemp(join(tmpdir(), 'copilot-templates-cli-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('copilot templates and tenants create --template / diff', () => {
  useTempDataDir('copilot-templates-cli-', 'data', { migrated: true });

  it('publishes, lists, shows, creates a tenant from a version with --json, and diffs it', async () => {
    const published = await run('templates', 'publish', EXAMPLE, '--json');
    expect(published.exitCode).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ name: 'standard-merchant', version: 1, unchanged: false });
    expect((await run('templates', 'publish', join(EXAMPLE, 'template.yaml'))).stdout).toMatch(/standard-merchant@1 unchanged/);

    const list = JSON.parse((await run('templates', 'list', '--json')).stdout) as Array<Record<string, unknown>>;
    expect(list).toEqual([
      expect.objectContaining({ name: 'standard-merchant', latest: 1, versions: 1, runbooks: 2, users: 4, routes: 2 }),
    ]);
    const shown = JSON.parse((await run('templates', 'show', 'standard-merchant@1', '--json')).stdout);
    expect(shown).toMatchObject({ name: 'standard-merchant', version: 1, versions: [1], slaCalendar: { timezone: 'Europe/Berlin' } });
    // A Slack incoming webhook's path is its secret: never shown.
    expect(JSON.stringify(shown)).not.toContain('REPLACEWITHREALSECRET');

    const created = await run(
      'tenants',
      'create',
      '--slug',
      'cli-shop',
      '--name',
      'CLI Shop',
      '--template',
      'standard-merchant@1',
      '--currency',
      'eur',
      '--json',
    );
    expect(created.exitCode).toBe(0);
    const tenant = JSON.parse(created.stdout);
    expect(tenant).toMatchObject({
      slug: 'cli-shop',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      template: { name: 'standard-merchant', version: 1 },
      policyVersion: 1,
    });
    expect(tenant.users.find((user: { name: string }) => user.name === 'ops-lead').key).toMatch(/^ocp_/);
    expect(tenant.runbooks).toHaveLength(2);

    const diff = JSON.parse((await run('tenants', 'diff', 'cli-shop', '--json')).stdout);
    expect(diff).toMatchObject({ inSync: true, template: { name: 'standard-merchant', version: 1 } });
    const changedPolicy = join(scratch, 'policy.yaml');
    await writeFile(changedPolicy, (await readFile(join(EXAMPLE, 'policy.yaml'), 'utf8')).replace('approver: 500', 'approver: 250'));
    expect((await run('policies', 'apply', changedPolicy, '--tenant', 'cli-shop')).exitCode).toBe(0);
    const text = await run('tenants', 'diff', 'cli-shop');
    expect(text.stdout).toContain('cli-shop against standard-merchant@1: differs');
    expect(text.stdout).toContain('authority.approver: 500 → 250');

    const audit = JSON.parse((await run('audit', 'list', '--tenant', 'cli-shop', '--json')).stdout) as { action: string }[];
    expect(audit.map((entry) => entry.action)).toContain('tenant.created_from_template');
    const log = JSON.parse((await run('templates', 'log', '--json')).stdout) as { action: string }[];
    expect(log.map((entry) => entry.action)).toEqual(['tenant.created', 'template.unchanged', 'template.published']);
  }, 300_000);

  it('refuses a template that fails validation (exit 2, file and field named, logged) and bad references, creating nothing', async () => {
    const broken = join(scratch, 'broken');
    await cp(EXAMPLE, broken, { recursive: true });
    await writeFile(
      join(broken, 'template.yaml'),
      (await readFile(join(broken, 'template.yaml'), 'utf8')).replace('roles: [rep] }', 'roles: [owner] }'),
    );
    const refused = await run('templates', 'publish', broken);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/template\.yaml:11: users\[1\]\.roles\[0\]: Invalid option/);
    expect(JSON.parse((await run('templates', 'log', '--limit', '1', '--json')).stdout)[0]).toMatchObject({ action: 'template.rejected' });

    const unknown = await run('tenants', 'create', '--slug', 'nope-shop', '--name', 'Nope', '--template', 'no-such-template');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/template no-such-template not found/);
    const both = await run(
      'tenants',
      'create',
      '--slug',
      'nope-shop',
      '--name',
      'Nope',
      '--template',
      'standard-merchant',
      '--timezone',
      'UTC',
    );
    expect(both.exitCode).toBe(2);
    expect((await run('tenants', 'create', '--slug', 'nope-shop', '--name', 'Nope', '--template', 'standard-merchant@0')).stderr).toMatch(
      /NAME or NAME@VERSION/,
    );
    const tenants = JSON.parse((await run('tenants', '--json')).stdout) as { slug: string }[];
    expect(tenants.map((row) => row.slug)).not.toContain('nope-shop');
    expect((await run('tenants', 'diff', 'no-such-shop')).stderr).toMatch(/tenant no-such-shop not found/);
  }, 300_000);

  it('has --help on every command', async () => {
    for (const command of [
      ['templates'],
      ['templates', 'publish'],
      ['templates', 'list'],
      ['templates', 'show'],
      ['templates', 'log'],
      ['tenants', 'diff'],
    ]) {
      const help = await run(...command, '--help');
      expect(help.exitCode, command.join(' ')).toBe(0);
      expect(help.stdout).toMatch(/Usage: copilot/);
    }
    expect((await run('tenants', 'create', '--help')).stdout).toMatch(/--template <ref>/);
    expect((await run('tenants', 'create', '--help')).stdout).toMatch(/--currency <code>/);
    const typo = await run('tenants', 'create', '--slug', 'typo-shop', '--name', 'Typo', '--currency', 'BRR');
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/currency: not an ISO 4217 currency code/);
  });
});
