import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has sane defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(8787);
    expect(config.COPILOT_MODEL).toBe('offline');
    expect(config.COPILOT_DATA_DIR).toBe('./.data');
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => loadConfig({ COPILOT_MODEL: 'gpt-4' })).toThrow(/COPILOT_MODEL/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(8787);
  });
});

describe('OAuth settings', () => {
  const oauth = {
    COPILOT_OAUTH_ISSUER: 'https://login.example.com/tenant-1',
    COPILOT_OAUTH_RESOURCE: 'https://copilot.example.com/mcp',
    COPILOT_OAUTH_SCOPE_ROLES: 'copilot:read=evaluator, copilot:approve=rep+approver',
  };

  it('parses the scope mapping and defaults the tenant claim, clock skew and algorithms', () => {
    const config = loadConfig(oauth);
    expect(config.COPILOT_OAUTH_SCOPE_ROLES).toEqual({ 'copilot:read': ['evaluator'], 'copilot:approve': ['rep', 'approver'] });
    expect(config.COPILOT_OAUTH_TENANT_CLAIM).toBe('copilot_tenant');
    expect(config.COPILOT_OAUTH_CLOCK_SKEW_SECONDS).toBe(30);
    expect(config.COPILOT_OAUTH_ALGORITHMS).toEqual(['RS256', 'PS256', 'ES256', 'EdDSA']);
  });

  it('names the variable for each mistake', () => {
    expect(() => loadConfig({ ...oauth, COPILOT_OAUTH_SCOPE_ROLES: 'copilot:read=root' })).toThrow(
      /COPILOT_OAUTH_SCOPE_ROLES: entry "copilot:read=root" must be scope=role/,
    );
    expect(() => loadConfig({ ...oauth, COPILOT_OAUTH_ISSUER: 'http://login.example.com' })).toThrow(
      /COPILOT_OAUTH_ISSUER: must be an https/,
    );
    expect(() => loadConfig({ ...oauth, COPILOT_OAUTH_RESOURCE: 'https://copilot.example.com/mcp?x=1' })).toThrow(/COPILOT_OAUTH_RESOURCE/);
    expect(() => loadConfig({ ...oauth, COPILOT_OAUTH_ALGORITHMS: 'HS256' })).toThrow(/COPILOT_OAUTH_ALGORITHMS/);
    expect(() => loadConfig({ ...oauth, COPILOT_OAUTH_CLOCK_SKEW_SECONDS: '3600' })).toThrow(/COPILOT_OAUTH_CLOCK_SKEW_SECONDS/);
    expect(() => loadConfig({ COPILOT_OAUTH_ISSUER: oauth.COPILOT_OAUTH_ISSUER })).toThrow(
      /COPILOT_OAUTH_RESOURCE: required with COPILOT_OAUTH_ISSUER; COPILOT_OAUTH_SCOPE_ROLES: required/,
    );
  });

  it('allows http only for a loopback issuer', () => {
    expect(loadConfig({ ...oauth, COPILOT_OAUTH_ISSUER: 'http://127.0.0.1:9000' }).COPILOT_OAUTH_ISSUER).toBe('http://127.0.0.1:9000');
  });
});
