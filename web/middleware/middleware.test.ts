import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('request id, logging and secure headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('sets a fresh request id on every response, including errors', async () => {
    const ok = await t.request('/healthz');
    const missing = await t.request('/v1/nothing-here');
    const unauthorized = await t.request('/v1/me');
    for (const response of [ok, missing, unauthorized]) {
      expect(response.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(ok.headers.get('X-Request-Id')).not.toBe(missing.headers.get('X-Request-Id'));
  });

  it('echoes a well-formed incoming request id and replaces a malformed one', async () => {
    const echoed = await t.request('/healthz', { headers: { 'X-Request-Id': 'trace-1234.abc' } });
    expect(echoed.headers.get('X-Request-Id')).toBe('trace-1234.abc');
    const replaced = await t.request('/healthz', { headers: { 'X-Request-Id': 'bad id <script>' } });
    expect(replaced.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs each request as one JSON line carrying the request id, never the key', async () => {
    t.logLines.length = 0;
    const response = await t.request('/v1/me', { key: 'rep', headers: { 'X-Request-Id': 'req-log-check-1' } });
    expect(response.status).toBe(200);
    const records = t.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const handled = records.find((record) => record.message === 'request handled');
    expect(handled).toMatchObject({ requestId: 'req-log-check-1', method: 'GET', path: '/v1/me', status: 200, level: 'info' });
    expect(handled?.tenantId).toBe(t.tenantA.id);
    expect(t.logLines.join('\n')).not.toContain(t.keys.rep);
  });

  it('sends secure headers with a CSP that allows only same-origin scripts and styles', async () => {
    const response = await t.request('/sign-in');
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  });

  it('has CORS off by default: no CORS headers, even on a preflight', async () => {
    const preflight = await t.request('/v1/me', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const get = await t.request('/v1/me', { key: 'rep', headers: { Origin: 'https://evil.example' } });
    expect(get.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('rejects bodies above the limit with 413 and the JSON error shape', async () => {
    const response = await t.request('/v1/api-keys', {
      key: 'admin',
      method: 'POST',
      json: { roles: ['rep'], name: 'x'.repeat(t.config.COPILOT_BODY_LIMIT_BYTES + 10) },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(response.headers.get('X-Request-Id')).toBeTruthy();
  });

  it('answers malformed JSON with 400 in the error shape', async () => {
    const response = await t.request('/v1/api-keys', {
      key: 'admin',
      method: 'POST',
      body: '{"roles": [',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'validation_failed', message: 'request body is not valid JSON' } });
  });
});

describe('CORS when configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ COPILOT_CORS_ORIGINS: 'https://ops.example.com, https://other.example.com/' });
  });
  afterAll(() => t.close());

  it('allows only the listed origins, without credentials', async () => {
    const allowed = await t.request('/v1/me', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://other.example.com',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('https://other.example.com');
    expect(allowed.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('authorization');
    expect(allowed.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    const refused = await t.request('/v1/me', { key: 'rep', headers: { Origin: 'https://evil.example' } });
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ COPILOT_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('limits per API key with 429, Retry-After and the JSON error, leaving other keys alone', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.request('/v1/me', { key: 'rep' })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await t.request('/v1/me', { key: 'rep' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('20');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited', details: { retryAfterSeconds: 20 } } });
    expect((await t.request('/v1/me', { key: 'approver' })).status).toBe(200);
    t.clock.now += 20_000;
    expect((await t.request('/v1/me', { key: 'rep' })).status).toBe(200);
  });

  it('counts anonymous and failed attempts against the client address', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.request('/v1/me', { key: `ocp_AAAAAAAAAA_${'x'.repeat(43)}` })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await t.request('/healthz')).status).toBe(200);
  });
});
