import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

// Issue 12, defect 7b: /metrics and /openapi.json apply the Host rule /mcp has once COPILOT_ALLOWED_HOSTS is set.
describe('allowed hosts on /metrics and /openapi.json', () => {
  let guarded: TestApp;
  let open: TestApp;
  beforeAll(async () => {
    guarded = await createTestApp({ COPILOT_ALLOWED_HOSTS: 'ops.example.com' });
    open = await createTestApp();
  });
  afterAll(async () => {
    await guarded.close();
    await open.close();
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin with 403 when COPILOT_ALLOWED_HOSTS is set', async () => {
    for (const path of ['/metrics', '/openapi.json']) {
      const foreign = await guarded.app.request(`http://rebound.attacker.example${path}`);
      expect(foreign.status, path).toBe(403);
      expect((await foreign.json()).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('COPILOT_ALLOWED_HOSTS') });
      const fromPage = await guarded.app.request(`http://ops.example.com${path}`, { headers: { Origin: 'https://attacker.example' } });
      expect(fromPage.status, path).toBe(403);
      expect((await guarded.app.request(`http://ops.example.com${path}`)).status, path).toBe(200);
      expect((await guarded.app.request(`http://localhost:8080${path}`)).status, path).toBe(200);
    }
  });

  it('changes nothing when COPILOT_ALLOWED_HOSTS is not set', async () => {
    for (const path of ['/metrics', '/openapi.json']) expect((await open.app.request(`http://any.example${path}`)).status, path).toBe(200);
  });
});
