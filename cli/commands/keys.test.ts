import { InvalidArgumentError } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli as run, useTempDataDir } from '../testing/run-cli.ts';
import { collectRoles } from './keys.ts';

describe('keys create --role', () => {
  it('takes repeated, space-separated and comma-separated roles', () => {
    expect(collectRoles('rep')).toEqual(['rep']);
    expect(collectRoles('rep,approver')).toEqual(['rep', 'approver']);
    expect(collectRoles(' approver , admin', ['rep'])).toEqual(['rep', 'approver', 'admin']);
    expect(collectRoles('rep', ['rep'])).toEqual(['rep']);
  });

  it('refuses an unknown role in a list, listing the allowed roles', () => {
    expect(() => collectRoles('rep,bogus')).toThrow(InvalidArgumentError);
    expect(() => collectRoles('rep,bogus')).toThrow('"bogus" is not a role. Allowed roles: rep, approver, admin, evaluator, integration.');
    expect(() => collectRoles(',')).toThrow('no role given');
  });
});

describe('keys create and revoke, audited', () => {
  useTempDataDir('copilot-keys-cli-', 'data', { migrated: true });
  beforeAll(async () => {
    await run('tenants', 'create', '--slug', 'keys-cli', '--name', 'Keys CLI');
  });

  it('records both in the tenant audit chain as the operator, never the key', async () => {
    const created = JSON.parse(
      (await run('keys', 'create', '--tenant', 'keys-cli', '--role', 'rep,approver', '--user', 'pat', '--json')).stdout,
    ) as { key: string; id: string; prefix: string };
    expect((await run('keys', 'revoke', created.prefix, '--json')).exitCode).toBe(0);
    const listed = await run('audit', 'list', '--tenant', 'keys-cli', '--entity', created.id, '--json');
    const entries = JSON.parse(listed.stdout) as Array<{ action: string; actor: { kind: string; ref?: string } }>;
    expect(entries.map((entry) => entry.action).sort()).toEqual(['api_key.created', 'api_key.revoked']);
    for (const entry of entries)
      expect(entry.actor).toMatchObject({ kind: 'operator', ref: expect.stringMatching(/^copilot keys (create|revoke)$/) });
    expect(listed.stdout).not.toContain(created.key);
    expect((await run('audit', 'verify', '--tenant', 'keys-cli')).exitCode).toBe(0);
  });
});
