import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli as copilot, useTempDataDir } from './testing/run-cli.ts';

/** Input that must be refused before any database is opened: COPILOT_DATA_DIR points at a directory that is never created. */
describe('copilot command line: bad input', () => {
  const tempDir = useTempDataDir('copilot-main-', 'never-created');
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  it('runs export with a bad --since exits 2 and leaves an existing --out file untouched', async () => {
    const out = join(dir, 'keep.jsonl');
    await writeFile(out, '{"kept":true}\n');
    const result = await copilot('runs', 'export', '--since', 'yesterdayish', '--out', out);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error [validation_failed]: --since must be');
    expect(await readFile(out, 'utf8')).toBe('{"kept":true}\n');
    expect(await readdir(dir)).toEqual(['keep.jsonl']);
  });

  it.each([
    [['policies', 'show', '--tenant', 'acme', '--version', 'abc'], /--version: must be a whole number 1 or more/],
    [['policies', 'show', '--tenant', 'acme', '--version', '1.9'], /--version: must be a whole number 1 or more/],
    [['events', 'replay', '--id', 'not-a-uuid'], /--id\.0: must be a dead-letter id \(a UUID/],
    [['events', 'import', '/', '--tenant', 'acme'], /cannot read events file \/: is a directory/],
    [
      ['events', 'import', '/no/such/events.jsonl', '--tenant', 'acme'],
      /cannot read events file \/no\/such\/events\.jsonl: does not exist/,
    ],
    [['tenants', 'create', '--slug', 'mars', '--name', 'Mars', '--timezone', 'Mars/Olympus'], /timezone: not a known IANA time zone/],
    [['triage', '--concurrency', '999'], /--concurrency: must be a whole number from 1 to 64/],
    [['triage', '--limit', '0'], /--limit: must be a whole number 1 or more/],
    [
      ['ingest', 'docs', '--chunk-size', '200', '--chunk-overlap', '2000'],
      /--chunk-overlap \(2000\) must be smaller than --chunk-size \(200\)/,
    ],
    [['eval', 'suite.yaml', '--model', 'bogus'], /--model: must be "offline", "openai:<model>", "anthropic:<model>" or "ollama:<model>"/],
    [['runs', 'list', '--limit', '5000'], /--limit: must be a whole number from 1 to 1000/],
    // The text rule (issue 12): NUL and unpaired surrogates are refused by name before any command runs.
    [['keys', 'create', '--tenant', 'acme', '--role', 'rep', '--user', 'mallory\u0000'], /--user: must not contain a NUL character/],
    [['tenants', 'create', '--slug', 'mars', '--name', 'Mars\ud800'], /--name: must not contain an unpaired UTF-16 surrogate/],
    [['search', 'credit\u0000hold'], /argument 1: must not contain a NUL character/],
  ])('copilot %j exits 2 naming the bad input, before opening the database', async (args, message) => {
    const result = await copilot(...args);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^error \[validation_failed\]/);
    expect(result.exitCode).toBe(2);
    expect(await readdir(dir)).not.toContain('never-created');
  });

  it.each([
    [['events', 'dead-letters', '--status', 'nonsense'], /Allowed choices are pending, replayed, all/],
    [['tools', 'list', '--role', 'nonsense'], /Allowed choices are rep, approver, admin, evaluator, integration/],
    [
      ['keys', 'create', '--tenant', 'acme', '--role', 'rep,bogus'],
      /"bogus" is not a role\. Allowed roles: rep, approver, admin, evaluator, integration/,
    ],
  ])('copilot %j is a usage error (exit 2) listing the allowed values', async (args, message) => {
    const result = await copilot(...args);
    expect(result.stderr).toMatch(message);
    expect(result.exitCode).toBe(2);
  });

  it.each([
    [['restart-everything'], 'copilot', /known commands: serve, migrate/],
    [['restart-everything', '--help'], 'copilot', /known commands: serve, migrate/],
    [['help', 'restart-everything'], 'copilot', /known commands: serve, migrate/],
    [
      ['exceptions', 'purge', '--help'],
      'copilot exceptions',
      /known commands: show, sweep, take, hand-over, release, resolve, dismiss, reopen/,
    ],
    [['keys', 'rotate'], 'copilot keys', /known commands: create, list, revoke/],
  ])('copilot %j fails naming the unknown command (exit 2), help or not', async (args, parent, known) => {
    const result = await copilot(...args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `unknown command '${args.find((arg) => !['help', 'exceptions', 'keys'].includes(arg))}' for '${parent}'`,
    );
    expect(result.stderr).toMatch(known);
    expect(result.stdout).not.toContain('Usage:');
  });

  it('still prints help for known commands and takes arguments that are not commands', async () => {
    const help = await copilot('exceptions', 'show', '--help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: copilot exceptions show');
    const search = await copilot('search', 'retry', '--help');
    expect(search.exitCode).toBe(0);
    expect(search.stdout).toContain('Usage: copilot search');
  });
});
