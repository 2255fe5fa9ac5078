import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run, useTempDataDir } from '../testing/run-cli.ts';

const scratch = await mkdtemp(join(tmpdir(), 'copilot-calendar-cli-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('copilot tenants calendar', () => {
  useTempDataDir('copilot-calendar-cli-', 'data', { migrated: true });

  it('shows the product’s hours, replaces them from a YAML file (audited), and shows the tenant’s', async () => {
    expect((await run('tenants', 'create', '--slug', 'cal-shop', '--name', 'Calendar Shop')).exitCode).toBe(0);
    const before = await run('tenants', 'calendar', 'cal-shop');
    expect(before.stdout).toContain("cal-shop: the product's hours");
    expect(before.stdout).toMatch(/monday\s+08:00-18:00/);
    expect(before.stdout).toMatch(/saturday\s+closed/);

    const file = join(scratch, 'calendar.yaml');
    await writeFile(
      file,
      [
        'timezone: America/New_York',
        'hours:',
        '  monday: ["07:00-12:00", "13:00-19:00"]',
        '  tuesday: ["07:00-19:00"]',
        '  saturday: ["00:00-24:00"]',
        'holidays:',
        '  - { date: 2026-11-26, name: Thanksgiving }',
        '  - { date: 2026-12-25 }',
      ].join('\n'),
    );
    const set = await run('tenants', 'calendar', 'cal-shop', '--set', file);
    expect(set.exitCode).toBe(0);
    expect(set.stdout).toContain('SLA calendar of cal-shop replaced (audited)');
    const shown = JSON.parse((await run('tenants', 'calendar', 'cal-shop', '--json')).stdout);
    expect(shown).toMatchObject({
      timezone: 'America/New_York',
      custom: true,
      hours: { monday: ['07:00-12:00', '13:00-19:00'], wednesday: [], saturday: ['00:00-24:00'] },
      holidays: [{ date: '2026-11-26', name: 'Thanksgiving' }, { date: '2026-12-25' }],
    });
    const tenants = JSON.parse((await run('tenants', '--json')).stdout) as Array<{ slug: string }>;
    expect(tenants.map((tenant) => tenant.slug)).toContain('cal-shop');
    const audit = JSON.parse((await run('audit', 'list', '--tenant', 'cal-shop', '--json')).stdout) as Array<{
      action: string;
      actor: { kind: string };
    }>;
    expect(audit.find((entry) => entry.action === 'sla_calendar.changed')?.actor.kind).toBe('operator');
  }, 120_000);

  it('refuses a bad calendar (exit 2, every problem named) and an unreadable file, changing nothing', async () => {
    const bad = join(scratch, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({
        timezone: 'Moon/Tranquility',
        hours: { monday: ['19:00-07:00'] },
        holidays: [{ date: '2026-12-25' }, { date: '2026-12-25' }],
      }),
    );
    const refused = await run('tenants', 'calendar', 'cal-shop', '--set', bad);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('timezone: not a known IANA time zone');
    expect(refused.stderr).toContain('hours.monday.0: 19:00-07:00: closes before it opens');
    expect(refused.stderr).toContain('holidays.1.date: duplicate holiday 2026-12-25');
    const missing = await run('tenants', 'calendar', 'cal-shop', '--set', join(scratch, 'nope.yaml'));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/cannot read calendar file .*ENOENT/);
    expect(JSON.parse((await run('tenants', 'calendar', 'cal-shop', '--json')).stdout)).toMatchObject({ timezone: 'America/New_York' });
    expect((await run('tenants', 'calendar', 'no-such-shop')).stderr).toMatch(/tenant no-such-shop not found/);
    expect((await run('tenants', 'calendar', '--help')).stdout).toContain('A calendar file:');
  }, 120_000);
});
