import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readTemplateBundle } from './read-template-bundle.ts';
import { TemplateValidationError, type TemplateIssue } from './template-errors.ts';
import { MAX_TEMPLATE_FILE_BYTES } from './template-text.ts';

const EXAMPLE_TEMPLATE = new URL('./examples/standard-merchant', import.meta.url).pathname;

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the example template to break. */
async function copyExample(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'copilot-template-'));
  dirs.push(dir);
  await cp(EXAMPLE_TEMPLATE, dir, { recursive: true });
  return dir;
}

async function edit(dir: string, file: string, change: (text: string) => string): Promise<void> {
  await writeFile(join(dir, file), change(await readFile(join(dir, file), 'utf8')));
}

async function issuesOf(path: string): Promise<TemplateIssue[]> {
  const error = await readTemplateBundle(path).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(TemplateValidationError);
  return (error as TemplateValidationError).issues;
}

describe('readTemplateBundle', () => {
  it('reads the shipped example, from its directory or its template.yaml, into self-contained content', async () => {
    const bundle = await readTemplateBundle(EXAMPLE_TEMPLATE);
    expect(bundle.name).toBe('standard-merchant');
    expect(bundle.content.slaCalendar).toMatchObject({ timezone: 'Europe/Berlin', hours: { saturday: ['09:00-13:00'] } });
    expect(bundle.content.slaCalendar.holidays?.[0]).toEqual({ date: '2026-12-24', name: 'Heiligabend' });
    expect(bundle.content.policy.path).toBe('policy.yaml');
    expect(bundle.content.policy.source).toContain('refund-small-auto');
    expect(bundle.content.runbooks.map((file) => file.path)).toEqual([
      'runbooks/address-corrections.md',
      'runbooks/damaged-parcel-refunds.md',
    ]);
    expect(bundle.content.users.find((user) => user.name === 'ops-lead')).toEqual({ name: 'ops-lead', roles: ['admin'], apiKey: true });
    expect(bundle.content.routes.map((route) => route.channel)).toEqual(['slack', 'email']);
    expect(await readTemplateBundle(join(EXAMPLE_TEMPLATE, 'template.yaml'))).toEqual(bundle);
  });

  it('names the file, line and field of a bad policy field', async () => {
    const dir = await copyExample();
    await edit(dir, 'policy.yaml', (text) => text.replace('decision: allow', 'decision: maybe'));
    const issues = await issuesOf(dir);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'policy.yaml', path: 'rules[1].decision', line: 21 });
    expect(((await readTemplateBundle(dir).catch((error: unknown) => error)) as Error).message).toMatch(
      /policy\.yaml:21: rules\[1\]\.decision: /,
    );
  });

  it('names the runbook, line and field of bad front-matter, and a runbook without front-matter', async () => {
    const dir = await copyExample();
    await edit(dir, 'runbooks/address-corrections.md', (text) => text.replace('id: merchant-address-corrections', 'id: Not An Id'));
    await writeFile(join(dir, 'runbooks', 'plain.md'), '# Just text\n\nNo front-matter here.\n');
    const issues = await issuesOf(dir);
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'runbooks/address-corrections.md',
        line: 2,
        path: 'front-matter.id',
        message: expect.stringMatching(/^lowercase letters, digits/),
      }),
      expect.objectContaining({
        file: 'runbooks/plain.md',
        path: 'front-matter',
        message: expect.stringMatching(/needs front-matter with at least id and title/),
      }),
    ]);
  });

  it('refuses an unknown role, a duplicate person and a route to an undeclared queue or unknown person', async () => {
    const dir = await copyExample();
    await edit(dir, 'template.yaml', (text) =>
      text
        .replace('{ name: rita, roles: [rep] }', '{ name: rita, roles: [superuser] }')
        .replace('{ name: fiona, roles: [approver] }', '{ name: sam, roles: [approver] }'),
    );
    const issues = await issuesOf(dir);
    expect(issues).toEqual([expect.objectContaining({ file: 'template.yaml', path: 'users[1].roles[0]', line: 11 })]);
    expect(issues[0]!.message).toMatch(/rep.*approver.*admin/);

    await edit(dir, 'template.yaml', (text) =>
      text.replace('roles: [superuser]', 'roles: [rep]').replace('queues: [finance]', 'queues: [billing]\n    users: [nobody]'),
    );
    expect(await issuesOf(dir)).toEqual([
      expect.objectContaining({ file: 'template.yaml', path: 'users[3].name', message: 'duplicate user "sam" (also users[2])' }),
      expect.objectContaining({
        path: 'routes[1].queues[0]',
        message: expect.stringMatching(/queue "billing" is not declared in policy\.yaml/),
      }),
      expect.objectContaining({ path: 'routes[1].users[0]', message: expect.stringMatching(/user "nobody"/) }),
    ]);
  });

  it('refuses a route the webhook command would refuse (private address, bad mailbox) and an unknown key', async () => {
    const dir = await copyExample();
    await edit(dir, 'template.yaml', (text) =>
      text
        .replace('https://hooks.slack.com/services/T0000000/B0000000/REPLACEWITHREALSECRET', 'https://127.0.0.1/hook')
        .replace('mailto:finance@example.com', 'mailto:not-an-address')
        .replace('slaCalendar:', 'colour: blue\nslaCalendar:'),
    );
    const issues = await issuesOf(dir);
    expect(issues.map((issue) => issue.path)).toEqual(['colour']);
    await edit(dir, 'template.yaml', (text) => text.replace('colour: blue\n', ''));
    const routeIssues = await issuesOf(dir);
    expect(routeIssues.map((issue) => issue.path)).toEqual(['routes[0].url', 'routes[1].url']);
    expect(routeIssues[1]!.message).toMatch(/not-an-address is not an email address/);
  });

  it('refuses an unknown time zone in the SLA calendar', async () => {
    const dir = await copyExample();
    await edit(dir, 'template.yaml', (text) => text.replace('Europe/Berlin', 'Europe/Atlantis'));
    expect(await issuesOf(dir)).toEqual([
      expect.objectContaining({
        file: 'template.yaml',
        path: 'slaCalendar.timezone',
        message: expect.stringMatching(/not a known IANA time zone/),
      }),
    ]);
  });

  it('refuses business hours that close before they open, overlap, and a holiday listed twice, each with its line', async () => {
    const dir = await copyExample();
    await edit(dir, 'template.yaml', (text) =>
      text
        .replace('monday: ["08:00-18:00"]', 'monday: ["18:00-08:00"]')
        .replace('tuesday: ["08:00-18:00"]', 'tuesday: ["08:00-13:00", "12:00-18:00"]')
        .replace('{ date: "2026-12-26", name: 2. Weihnachtstag }', '{ date: "2026-12-25", name: again }'),
    );
    expect(await issuesOf(dir)).toEqual([
      expect.objectContaining({
        file: 'template.yaml',
        line: 27,
        path: 'slaCalendar.hours.monday[0]',
        message: '18:00-08:00: closes before it opens',
      }),
      expect.objectContaining({
        line: 28,
        path: 'slaCalendar.hours.tuesday[1]',
        message: '12:00-18:00: overlaps or precedes the range before it',
      }),
      expect.objectContaining({ line: 36, path: 'slaCalendar.holidays[2].date', message: 'duplicate holiday 2026-12-25' }),
    ]);
  });

  it('refuses NUL bytes, invalid UTF-8, huge files, symlinks, paths outside the template and non-Markdown runbooks', async () => {
    const dir = await copyExample();
    await writeFile(join(dir, 'runbooks', 'nul.md'), '---\nid: nul\ntitle: Nul\n---\n\nline two\u0000\n');
    await writeFile(join(dir, 'runbooks', 'latin1.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]));
    await writeFile(join(dir, 'runbooks', 'huge.md'), 'x'.repeat(MAX_TEMPLATE_FILE_BYTES + 1));
    await writeFile(join(dir, 'runbooks', 'notes.txt'), 'plain text');
    await symlink('/etc/passwd', join(dir, 'runbooks', 'linked.md'));
    const issues = await issuesOf(dir);
    const byFile = Object.fromEntries(issues.map((issue) => [issue.file, issue]));
    expect(byFile['runbooks/nul.md']).toMatchObject({ line: 6, message: expect.stringMatching(/NUL/) });
    expect(byFile['runbooks/latin1.md']?.message).toBe('is not valid UTF-8 text');
    expect(byFile['runbooks/huge.md']?.message).toMatch(/larger than 1048576 bytes/);
    expect(byFile['runbooks/notes.txt']?.message).toMatch(/not a Markdown runbook/);
    expect(byFile['runbooks/linked.md']?.message).toMatch(/symbolic link/);

    const outside = await copyExample();
    await edit(outside, 'template.yaml', (text) => text.replace('policy: policy.yaml', 'policy: ../../etc/passwd'));
    expect(await issuesOf(outside)).toEqual([
      expect.objectContaining({ path: 'policy', message: expect.stringMatching(/relative path inside the template/) }),
    ]);
  });

  it('says so when the path does not exist or the manifest is not YAML', async () => {
    await expect(readTemplateBundle('/no/such/template')).rejects.toThrow(/does not exist/);
    const dir = await copyExample();
    await writeFile(join(dir, 'template.yaml'), 'format: 1\nname: [unclosed\n');
    expect((await issuesOf(dir))[0]).toMatchObject({ file: 'template.yaml', path: '(yaml)' });
  });
});
