import { describe, expect, it } from 'vitest';
import { runCli as run, useTempDataDir } from '../testing/run-cli.ts';
import { collectPartnerRoles } from './partners.ts';

describe('partners keys create --role', () => {
  it('takes partner roles only, naming the allowed ones', () => {
    expect(collectPartnerRoles('partner_analyst,partner_operator')).toEqual(['partner_analyst', 'partner_operator']);
    expect(() => collectPartnerRoles('admin')).toThrow(
      '"admin" is not a partner role. Allowed roles: partner_admin, partner_operator, partner_analyst.',
    );
  });
});

describe('copilot partners', () => {
  useTempDataDir('copilot-partners-cli-', 'data', { migrated: true });

  it('creates a partner, grants and revokes tenants (audited in the tenant), issues keys, with --json', async () => {
    await run('tenants', 'create', '--slug', 'shop-one', '--name', 'Shop One');
    await run('tenants', 'create', '--slug', 'shop-two', '--name', 'Shop Two');
    const partner = JSON.parse((await run('partners', 'create', '--slug', 'west-msp', '--name', 'West MSP', '--json')).stdout);
    expect(partner).toMatchObject({ slug: 'west-msp', name: 'West MSP' });
    expect(JSON.parse((await run('partners', 'list', '--json')).stdout)).toEqual([partner]);
    await run('partners', 'grant', '--partner', 'west-msp', '--tenant', 'shop-one');
    await run('partners', 'grant', '--partner', 'west-msp', '--tenant', 'shop-two');
    const revoked = JSON.parse((await run('partners', 'revoke', '--partner', 'west-msp', '--tenant', 'shop-two', '--json')).stdout);
    expect(revoked).toMatchObject({ tenant: 'shop-two', revokedAt: expect.any(String) });
    const grants = JSON.parse((await run('partners', 'grants', '--partner', 'west-msp', '--json')).stdout) as { tenant: string }[];
    expect(grants.map((grant) => grant.tenant)).toEqual(['shop-one']);
    const key = JSON.parse(
      (await run('partners', 'keys', 'create', '--partner', 'west-msp', '--user', 'wanda', '--role', 'partner_analyst', '--json')).stdout,
    );
    expect(key).toMatchObject({ key: expect.stringMatching(/^ocpp_/), partner: 'west-msp', roles: ['partner_analyst'] });
    const audit = JSON.parse((await run('audit', 'list', '--tenant', 'shop-two', '--json')).stdout) as { action: string }[];
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['partner_grant.granted', 'partner_grant.revoked']));
  }, 240_000);

  it('refuses a grant to a tenant that does not exist, and bad input, with clear errors and exit codes', async () => {
    await run('partners', 'create', '--slug', 'east-msp', '--name', 'East MSP');
    const missing = await run('partners', 'grant', '--partner', 'east-msp', '--tenant', 'no-such-shop');
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toMatch(/tenant no-such-shop not found|not found/);
    const badSlug = await run('partners', 'create', '--slug', 'Bad Slug', '--name', 'x');
    expect(badSlug.exitCode).toBe(2);
    expect(badSlug.stderr).toMatch(/slug/);
  }, 120_000);
});
