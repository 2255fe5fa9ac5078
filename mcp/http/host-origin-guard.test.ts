import { describe, expect, it } from 'vitest';
import { checkHostAndOrigin, hostOriginPolicy } from './host-origin-guard.ts';

const policy = hostOriginPolicy({
  allowedHosts: 'ops.example.com, Internal.Example.com:8443',
  corsOrigins: 'https://console.example.org/',
});

function verdict(headers: Record<string, string>, url = 'http://localhost:8787/mcp'): boolean {
  return checkHostAndOrigin(new Request(url, { method: 'POST', headers }), policy).allowed;
}

describe('checkHostAndOrigin', () => {
  it.each([['localhost:8787'], ['127.0.0.1'], ['[::1]:8787'], ['ops.example.com'], ['OPS.example.com:443'], ['internal.example.com:8443']])(
    'allows host %s',
    (host) => {
      expect(verdict({ host })).toBe(true);
    },
  );

  it.each([
    ['evil.example.net:8787'],
    ['localhost.evil.example.net'],
    ['internal.example.com:9000'],
    ['127.0.0.2'],
    ['user@localhost'],
    ['localhost/path'],
    [''],
  ])('refuses host %j', (host) => {
    expect(verdict({ host })).toBe(false);
  });

  it('uses the request URL when there is no Host header (in-process requests)', () => {
    expect(verdict({}, 'http://localhost/mcp')).toBe(true);
    expect(verdict({}, 'http://rebound.example.net/mcp')).toBe(false);
  });

  it('checks Origin when a browser sends one', () => {
    expect(verdict({ host: 'localhost:8787' })).toBe(true);
    expect(verdict({ host: 'localhost:8787', origin: 'http://localhost:6274' })).toBe(true);
    expect(verdict({ host: 'ops.example.com', origin: 'https://ops.example.com' })).toBe(true);
    expect(verdict({ host: 'ops.example.com', origin: 'https://console.example.org' })).toBe(true);
    expect(verdict({ host: 'localhost:8787', origin: 'https://evil.example.net' })).toBe(false);
    expect(verdict({ host: 'localhost:8787', origin: 'null' })).toBe(false);
    expect(verdict({ host: 'localhost:8787', origin: 'file://' })).toBe(false);
  });

  it('explains a refusal', () => {
    const result = checkHostAndOrigin(new Request('http://x/mcp', { headers: { host: 'evil.example.net' } }), policy);
    expect(result).toEqual({ allowed: false, reason: 'host "evil.example.net" is not allowed (set COPILOT_ALLOWED_HOSTS)' });
  });
});
