import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerAuditCommand } from './audit.ts';
import { collectRoles, registerKeysCommand } from './keys.ts';
import { registerTenantsCommand } from './tenants.ts';

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
  let dir: string;
  const previousDataDir = process.env.COPILOT_DATA_DIR;
  const previousUrl = process.env.DATABASE_URL;

  /** Runs one CLI invocation in-process, capturing stdout and the exit code. */
  async function run(...args: string[]): Promise<{ stdout: string; exitCode: number }> {
    const program = new Command().exitOverride();
    registerTenantsCommand(program);
    registerKeysCommand(program);
    registerAuditCommand(program);
    let stdout = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    const writeError = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.exitCode = 0;
    try {
      await program.parseAsync(args, { from: 'user' });
    } finally {
      write.mockRestore();
      writeError.mockRestore();
    }
    const exitCode = Number(process.exitCode ?? 0);
    process.exitCode = 0;
    return { stdout, exitCode };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copilot-keys-cli-'));
    process.env.COPILOT_DATA_DIR = join(dir, 'data');
    delete process.env.DATABASE_URL;
    await run('tenants', 'create', '--slug', 'keys-cli', '--name', 'Keys CLI');
  });
  afterAll(async () => {
    if (previousDataDir === undefined) delete process.env.COPILOT_DATA_DIR;
    else process.env.COPILOT_DATA_DIR = previousDataDir;
    if (previousUrl !== undefined) process.env.DATABASE_URL = previousUrl;
    await rm(dir, { recursive: true, force: true });
  });

  it('records both in the tenant audit chain as the operator, never the key', async () => {
    const created = JSON.parse((await run('keys', 'create', '--tenant', 'keys-cli', '--role', 'rep,approver', '--user', 'pat', '--json')).stdout) as { key: string; id: string; prefix: string };
    expect((await run('keys', 'revoke', created.prefix, '--json')).exitCode).toBe(0);
    const listed = await run('audit', 'list', '--tenant', 'keys-cli', '--entity', created.id, '--json');
    const entries = JSON.parse(listed.stdout) as Array<{ action: string; actor: { kind: string; ref?: string } }>;
    expect(entries.map((entry) => entry.action).sort()).toEqual(['api_key.created', 'api_key.revoked']);
    for (const entry of entries) expect(entry.actor).toMatchObject({ kind: 'operator', ref: expect.stringMatching(/^copilot keys (create|revoke)$/) });
    expect(listed.stdout).not.toContain(created.key);
    expect((await run('audit', 'verify', '--tenant', 'keys-cli')).exitCode).toBe(0);
  });
});
