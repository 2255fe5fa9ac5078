import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.ts';
import { redactUrl, validateEndpointUrl } from './endpoint-url.ts';
import { isPrivateAddress } from './private-address.ts';
import { postWebhook } from './post-webhook.ts';

describe('webhook endpoint URLs (SSRF guard)', () => {
  const tenantAdmin = { allowPrivate: false };

  it.each([
    ['http://hooks.example.com/x', /must use https/],
    ['ftp://hooks.example.com/x', /http:\/\/ or https:\/\//],
    ['https://user:pw@hooks.example.com/x', /credentials/],
    ['https://127.0.0.1/x', /private/],
    ['https://[::1]/x', /private/],
    ['https://[::ffff:10.0.0.5]/x', /private/],
    ['https://169.254.169.254/latest/meta-data', /private/],
    ['https://10.1.2.3/x', /private/],
    ['https://192.168.1.10/x', /private/],
    ['https://localhost:8443/x', /private/],
    ['https://erp.internal/x', /private/],
    ['https://intranet/x', /private/],
    ['https://hooks.example.com/x#frag', /fragment/],
    ['https://hooks.example.com/\u0000', /control characters/],
    ['not-a-url', /not a valid URL/],
  ])('refuses %s for a tenant admin', (url, message) => {
    expect(() => validateEndpointUrl(url, tenantAdmin)).toThrow(message);
    expect(() => validateEndpointUrl(url, tenantAdmin)).toThrow(ValidationError);
  });

  it('accepts public https URLs, and private ones only when an operator allows them', () => {
    expect(validateEndpointUrl('https://hooks.example.com/ops?token=abc', tenantAdmin).hostname).toBe('hooks.example.com');
    expect(validateEndpointUrl('https://203.0.114.7/x', tenantAdmin).hostname).toBe('203.0.114.7');
    expect(validateEndpointUrl('http://127.0.0.1:9999/hooks', { allowPrivate: true }).port).toBe('9999');
  });

  it('names the url field in the error', () => {
    try {
      validateEndpointUrl('https://10.0.0.1/', tenantAdmin);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).issues[0]?.path).toBe('url');
    }
  });

  it('classifies addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700::1111', '172.32.0.1']) expect(isPrivateAddress(address), address).toBe(false);
  });

  it('shows URLs without their query string', () => {
    expect(redactUrl('https://hooks.example.com/in?token=secret')).toBe('https://hooks.example.com/in?…');
  });

  it('refuses to connect to a private address at send time unless the endpoint allows it', async () => {
    const blocked = await postWebhook({ url: 'http://127.0.0.1:9/x', headers: {}, body: '{}', timeoutMs: 1000, allowPrivate: false });
    expect(blocked).toMatchObject({ status: null, error: expect.stringMatching(/blocked: 127\.0\.0\.1 is a private address/) });
    const resolved = await postWebhook({ url: 'http://localhost:9/x', headers: {}, body: '{}', timeoutMs: 1000, allowPrivate: false });
    expect(resolved.error).toMatch(/localhost resolves to .*a private address/);
  });
});
